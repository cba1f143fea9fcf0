namespace SocialCommerce.SandboxProvider.Api;

/// <summary>
/// Turns unreadable requests (bad JSON, missing body) into a 400 <see cref="ApiError"/> and anything unexpected into a
/// 500 one, so that every error the provider answers has the same shape.
/// </summary>
public sealed class ApiErrorMiddleware(RequestDelegate next, ILogger<ApiErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException exception) when (!context.Response.HasStarted)
        {
            await Failure.Invalid(exception.Message).WriteAsync(context);
        }
        catch (Exception exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            await new Failure(StatusCodes.Status500InternalServerError, "internal-error", "The sandbox failed unexpectedly.").WriteAsync(context);
        }
    }
}

public static class ApiErrors
{
    /// <summary>
    /// Gives the bodiless answers routing produces under the API prefix (no such route, wrong method, not JSON) the
    /// provider's error format; a body that is not JSON is a bad request like any other (400).
    /// </summary>
    public static IApplicationBuilder UseApiErrors(this IApplicationBuilder app, PathString apiPrefix)
    {
        app.UseMiddleware<ApiErrorMiddleware>();
        return app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (!http.Request.Path.StartsWithSegments(apiPrefix)) return;
            var failure = http.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound => new Failure(StatusCodes.Status404NotFound, "not-found", "No such API route."),
                StatusCodes.Status405MethodNotAllowed => new Failure(StatusCodes.Status405MethodNotAllowed, "method-not-allowed", "The route does not take this method."),
                StatusCodes.Status415UnsupportedMediaType => Failure.Invalid("The body must be JSON (Content-Type: application/json)."),
                _ => null,
            };
            if (failure is not null) await failure.WriteAsync(http);
        });
    }
}
