using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SocialCommerce.ServiceDefaults.Hosting;

namespace SocialCommerce.ServiceDefaults.Problems;

public static class ProblemDetailsDefaults
{
    /// <summary>
    /// Every error body is problem+json with one of our stable <c>type</c> URIs, whether it comes from a
    /// handler, model binding (malformed JSON, wrong content type), auth, the body size limit or an
    /// unhandled exception. Unhandled exceptions never leak their message.
    /// </summary>
    public static IServiceCollection AddDefaultProblemDetails(this IServiceCollection services) =>
        services.AddExceptionHandler<BadRequestExceptionHandler>()
            .AddExceptionHandler<UnavailableExceptionHandler>()
            .AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
            {
                problem.Type = ProblemTypes.ForStatus(status);
            }

            problem.Instance ??= context.HttpContext.Request.Path;
            problem.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
            if (context.HttpContext.Items.TryGetValue(CorrelationId.ItemKey, out var correlationId))
            {
                problem.Extensions["correlationId"] = correlationId;
            }
        });
}
