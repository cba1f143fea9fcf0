using Microsoft.AspNetCore.Http.Features;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Gateway.Proxy;

/// <summary>
/// Kestrel enforces <c>Kestrel:Limits:MaxRequestBodySize</c> (bound by AddServiceDefaults) only while the body is read, which for a proxied
/// request happens halfway through forwarding. A declared length over the limit is refused here instead, before
/// a connection to the service is opened; chunked bodies that grow past it are caught by
/// <see cref="ProxyErrorProblems"/>.
/// </summary>
public static class BodySizeLimit
{
    public static Task RejectOversizeAsync(HttpContext context, Func<Task> next)
    {
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        if (limit is not null && context.Request.ContentLength > limit)
        {
            return TooLarge(context).ExecuteAsync(context);
        }

        return next();
    }

    public static IResult TooLarge(HttpContext context)
    {
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        return TypedResults.Problem(
            title: "The request body is too large.",
            detail: limit is null ? null : $"Request bodies are limited to {limit} bytes.",
            statusCode: StatusCodes.Status413PayloadTooLarge,
            type: ProblemTypes.PayloadTooLarge);
    }
}
