using Microsoft.AspNetCore.Http.HttpResults;

namespace SocialCommerce.SandboxProvider.Api;

/// <summary>
/// The provider's error body. A third-party provider has its own error format (WeChat Pay answers
/// <c>{ code, message }</c> too), so this process does not use the platform's problem+json.
/// </summary>
public sealed record ApiError(string Code, string Message);

/// <summary>An error with the HTTP status it is answered with.</summary>
public sealed record Failure(int Status, string Code, string Message)
{
    public JsonHttpResult<ApiError> ToResult() => TypedResults.Json(new ApiError(Code, Message), statusCode: Status);

    public Task WriteAsync(HttpContext context) => ToResult().ExecuteAsync(context);

    public static Failure Invalid(string message) => new(StatusCodes.Status400BadRequest, "invalid-request", message);

    public static Failure Unauthorized() =>
        new(StatusCodes.Status401Unauthorized, "unauthorized", "X-Merchant-Id and X-Api-Key must name a configured merchant and its key.");

    public static Failure PaymentNotFound() => new(StatusCodes.Status404NotFound, "payment-not-found", "No such payment for this merchant.");

    public static Failure Conflict(string code, string message) => new(StatusCodes.Status409Conflict, code, message);
}

/// <summary>Either a value (new or replayed) or a failure; what store operations return to the endpoints.</summary>
public readonly record struct Outcome<T>(T? Value, bool IsNew, Failure? Failure) where T : class
{
    public static Outcome<T> Created(T value) => new(value, true, null);

    public static Outcome<T> Existing(T value) => new(value, false, null);

    public static implicit operator Outcome<T>(Failure failure) => new(null, false, failure);
}
