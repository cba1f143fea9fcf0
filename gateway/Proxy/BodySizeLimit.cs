using Microsoft.AspNetCore.Http.Features;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Gateway.Proxy;

/// <summary>
/// Kestrel enforces <c>Kestrel:Limits:MaxRequestBodySize</c> (bound by AddServiceDefaults) only while the body is read, which for a proxied
/// request happens halfway through forwarding. A declared length over the limit is refused here instead, before
/// a connection to the service is opened; chunked bodies that grow past it are caught by
/// <see cref="ProxyErrorProblems"/>.
/// </summary>
/// <remarks>
/// A cluster whose service reads less than the gateway allows names its own limit in its
/// <c>Metadata:MaxRequestBodySize</c>, and that limit applies here. Left to the service, a body between the two
/// limits raced: the service answered 413 and closed the connection while the gateway was still sending, and the
/// gateway, failing to send, answered 502 as often as it relayed the 413.
/// </remarks>
public static class BodySizeLimit
{
    public const string ClusterLimitKey = "MaxRequestBodySize";

    public static Task RejectOversizeAsync(HttpContext context, Func<Task> next)
    {
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false } && ClusterLimit(context) is { } clusterLimit
            && (feature.MaxRequestBodySize is not { } gatewayLimit || clusterLimit < gatewayLimit))
        {
            feature.MaxRequestBodySize = clusterLimit;
        }

        var limit = feature?.MaxRequestBodySize;
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

    private static long? ClusterLimit(HttpContext context)
    {
        var metadata = context.GetReverseProxyFeature().Cluster?.Config.Metadata;
        return metadata is not null && metadata.TryGetValue(ClusterLimitKey, out var value) && long.TryParse(value, out var limit) && limit > 0
            ? limit
            : null;
    }
}
