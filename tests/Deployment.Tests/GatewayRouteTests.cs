using System.Text.Json;

namespace SocialCommerce.Deployment.Tests;

/// <summary>The gateway's public surface as configured: what is open outside Development.</summary>
public sealed class GatewayRouteTests
{
    private static IEnumerable<(string Name, string Path)> Routes(string file)
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("gateway", file)));
        if (!settings.RootElement.TryGetProperty("ReverseProxy", out var proxy)) return [];
        return proxy.GetProperty("Routes").EnumerateObject()
            .Select(route => (route.Name, route.Value.GetProperty("Match").GetProperty("Path").GetString() ?? ""))
            .ToList();
    }

    [Test]
    public void ProductionSettings_DevelopmentSmsCodeRoute_NotThere()
    {
        // Identity maps /dev/sms-codes only in Development; the gateway must not open an anonymous path to it anywhere else.
        Assert.That(Routes("appsettings.json").Select(route => route.Path), Has.None.Contains("/dev/"));
    }

    [Test]
    public void DevelopmentSettings_DevelopmentSmsCodeRoute_OpenForTheLocalDemo()
    {
        Assert.That(Routes("appsettings.Development.json").Select(route => route.Path), Does.Contain("/api/identity/dev/sms-codes/latest"));
    }
}
