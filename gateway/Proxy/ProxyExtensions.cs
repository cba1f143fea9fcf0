using Yarp.ReverseProxy.Configuration;

namespace SocialCommerce.Gateway.Proxy;

/// <summary>
/// Routes and clusters live in the <c>ReverseProxy</c> configuration section, so adding a service is data, not
/// code: one cluster named after the service (its address overridable with
/// <c>ReverseProxy__Clusters__&lt;service&gt;__Destinations__primary__Address</c>), one catch-all route
/// <c>/api/&lt;service&gt;/{**rest}</c> with <c>AuthorizationPolicy: "default"</c> and <c>RateLimiterPolicy: "per-user"</c>,
/// and one explicit route per public path with <c>AuthorizationPolicy: "anonymous"</c>. Literal paths outrank the
/// catch-all, so a public route only opens the method and path it names. The aggregated <c>/health</c> picks up
/// every cluster by itself.
/// </summary>
public static class ProxyExtensions
{
    public static IHostApplicationBuilder AddGatewayProxy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddCorrelationIdResponse();
        return builder;
    }

    public static WebApplication MapGatewayProxy(this WebApplication app)
    {
        app.MapReverseProxy(proxy =>
        {
            proxy.Use(BodySizeLimit.RejectOversizeAsync);
            proxy.Use(ProxyErrorProblems.WriteAsync);

            // A custom pipeline replaces YARP's default one, so its standard steps are listed again.
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }

    /// <summary>What <c>/health</c> probes: a destination's own health address when it has one, else its address.</summary>
    public static string ProbeBase(DestinationConfig destination) =>
        (string.IsNullOrWhiteSpace(destination.Health) ? destination.Address : destination.Health).TrimEnd('/');
}
