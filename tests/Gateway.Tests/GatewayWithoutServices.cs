using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace SocialCommerce.Gateway.Tests;

/// <summary>
/// The real gateway in process, every cluster pointed at a local port nothing listens on (taken and released here, so the
/// connection is refused at once): what the edge does on its own when the services are down, without a platform running.
/// </summary>
public sealed class GatewayWithoutServices : WebApplicationFactory<Program>
{
    public const string AllowedOrigin = "https://m.socialcommerce.example";

    private static readonly string[] Clusters = ["identity", "catalog", "moderation", "payment-adapter", "order", "referral-commission", "social", "recommendation", "web"];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var dead = $"http://127.0.0.1:{FreePort()}";
        builder.UseSetting("Auth:Authority", dead);
        builder.UseSetting("Cors:Origins:0", AllowedOrigin);
        foreach (var cluster in Clusters) builder.UseSetting($"ReverseProxy:Clusters:{cluster}:Destinations:primary:Address", dead);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
