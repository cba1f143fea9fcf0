using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace SocialCommerce.ServiceDefaults.Problems;

/// <summary>Short-hands for the problem results handlers return, so every service words them alike.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string title = "The resource does not exist.") =>
        TypedResults.Problem(title: title, statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.NotFound);

    public static ProblemHttpResult Conflict(string title, string? code = null) =>
        TypedResults.Problem(title: title, statusCode: StatusCodes.Status409Conflict, type: ProblemTypes.Conflict,
            extensions: code is null ? null : new Dictionary<string, object?> { ["code"] = code });

    public static ProblemHttpResult Unauthorized(string title) =>
        TypedResults.Problem(title: title, statusCode: StatusCodes.Status401Unauthorized, type: ProblemTypes.Unauthorized);

    public static ProblemHttpResult Forbidden(string title) =>
        TypedResults.Problem(title: title, statusCode: StatusCodes.Status403Forbidden, type: ProblemTypes.Forbidden);

    public static ProblemHttpResult TooManyRequests(string title, TimeSpan retryAfter, HttpContext context)
    {
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
        return TypedResults.Problem(title: title, statusCode: StatusCodes.Status429TooManyRequests, type: ProblemTypes.TooManyRequests);
    }

    public static ProblemHttpResult BadRequest(string title) =>
        TypedResults.Problem(title: title, statusCode: StatusCodes.Status400BadRequest, type: ProblemTypes.BadRequest);
}
