using Microsoft.AspNetCore.HttpOverrides;

namespace SocialCommerce.Gateway.RateLimiting;

/// <summary>
/// Behind an ingress or load balancer every connection comes from the balancer, so per-IP limits would put all
/// clients in one bucket. The client's address is then taken from X-Forwarded-For, but only when the connection
/// comes from a network listed in <c>Gateway:TrustedProxies</c> (CIDR, e.g. the cluster's pod network). With none
/// listed the header is ignored, including from loopback, so a client can never pick its own bucket.
/// </summary>
public static class TrustedProxies
{
    public static IHostApplicationBuilder AddTrustedProxies(this IHostApplicationBuilder builder)
    {
        var networks = builder.Configuration.GetSection("Gateway:TrustedProxies").Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            // The middleware trusts every sender when both lists are empty, so no list means no forwarding at all.
            options.ForwardedHeaders = networks.Length == 0
                ? ForwardedHeaders.None
                : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The defaults trust loopback; only the configured networks may speak for a client. The obsolete
            // KnownNetworks list is still consulted in .NET 10, so it is cleared as well.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
#pragma warning disable CS0618, ASPDEPR005
            options.KnownNetworks.Clear();
#pragma warning restore CS0618, ASPDEPR005
            foreach (var network in networks) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        return builder;
    }
}
