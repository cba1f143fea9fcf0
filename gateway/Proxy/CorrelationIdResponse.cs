using SocialCommerce.ServiceDefaults.Hosting;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace SocialCommerce.Gateway.Proxy;

/// <summary>
/// The correlation middleware puts <c>X-Correlation-Id</c> on the request, which YARP forwards with the other
/// headers, and on the response before the service answers. Services echo it too, and YARP appends the copied
/// header to the one already there, so the client would see it twice. The gateway's value is the one that counts.
/// </summary>
public static class CorrelationIdResponse
{
    public static IReverseProxyBuilder AddCorrelationIdResponse(this IReverseProxyBuilder proxy) =>
        proxy.AddTransforms(static (TransformBuilderContext route) => route.AddResponseTransform(static context =>
        {
            if (CorrelationId.Read(context.HttpContext) is { } id && !context.HttpContext.Response.HasStarted)
            {
                context.HttpContext.Response.Headers[CorrelationId.HeaderName] = id;
            }

            return ValueTask.CompletedTask;
        }));
}
