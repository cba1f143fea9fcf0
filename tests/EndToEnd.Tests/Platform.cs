using SocialCommerce.TestSupport;

namespace SocialCommerce.EndToEnd.Tests;

/// <summary>
/// Starts the platform once for the whole suite: identity migrated by its own <c>migrate</c> command, demo
/// accounts from <c>demo-data</c>, identity and the gateway as real processes on the test ports
/// (docs/configuration.md), against the test PostgreSQL and RabbitMQ. Every test talks to the gateway.
/// </summary>
[SetUpFixture]
public sealed class Platform
{
    public const string IdentityProject = "services/identity/SocialCommerce.Identity";
    public const string GatewayProject = "gateway/SocialCommerce.Gateway";

    private static readonly List<ServiceProcess> Running = [];

    public static int Offset => TestInfrastructure.PortOffset;
    public static string IdentityUrl => $"http://127.0.0.1:{5100 + Offset}";
    public static string IdentityGrpcUrl => $"http://127.0.0.1:{5101 + Offset}";
    public static string GatewayUrl => $"http://127.0.0.1:{8080 + Offset}";
    public static string IdentityDatabase { get; private set; } = "";
    public static string BrokerUri { get; private set; } = "";

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        IdentityDatabase = TestInfrastructure.NewDatabase("e2e_identity");
        BrokerUri = await TestInfrastructure.NewVirtualHostAsync("e2e");
        var identityEnvironment = IdentityEnvironment();
        await ServiceProcess.RunCommandAsync(IdentityProject, "migrate", identityEnvironment);
        await ServiceProcess.RunCommandAsync(IdentityProject, "demo-data", identityEnvironment);

        var identity = ServiceProcess.Start(IdentityProject, identityEnvironment);
        Running.Add(identity);
        await identity.WaitHealthyAsync(IdentityUrl, TimeSpan.FromSeconds(60));

        var gateway = ServiceProcess.Start(GatewayProject, GatewayEnvironment(8080 + Offset, authPerIpPerMinute: 100_000));
        Running.Add(gateway);
        await gateway.WaitHealthyAsync(GatewayUrl, TimeSpan.FromSeconds(60));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        foreach (var process in Running) await process.DisposeAsync();
        if (BrokerUri.Length > 0) await TestInfrastructure.DeleteVirtualHostAsync(BrokerUri);
    }

    /// <summary>A second gateway with its own settings, for tests that must exhaust a limit without starving the rest.</summary>
    public static async Task<ServiceProcess> StartExtraGatewayAsync(int port, int authPerIpPerMinute)
    {
        var gateway = ServiceProcess.Start(GatewayProject, GatewayEnvironment(port, authPerIpPerMinute));
        await gateway.WaitHealthyAsync($"http://127.0.0.1:{port}", TimeSpan.FromSeconds(60));
        return gateway;
    }

    private static Dictionary<string, string> IdentityEnvironment() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Kestrel__Endpoints__Http__Url"] = IdentityUrl,
        ["Kestrel__Endpoints__Grpc__Url"] = IdentityGrpcUrl,
        ["ConnectionStrings__Database"] = IdentityDatabase,
        ["ConnectionStrings__RabbitMq"] = BrokerUri,
        ["Auth__Authority"] = IdentityUrl,
        ["Identity__Issuer"] = IdentityUrl,
    };

    private static Dictionary<string, string> GatewayEnvironment(int port, int authPerIpPerMinute) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{port}",
        ["Auth__Authority"] = IdentityUrl,
        ["ReverseProxy__Clusters__identity__Destinations__primary__Address"] = IdentityUrl,
        ["Gateway__RateLimits__AuthPerIpPerMinute"] = authPerIpPerMinute.ToString(),
        ["Gateway__RateLimits__PerUserPerSecond"] = "1000",
        ["Gateway__RateLimits__PerUserBurst"] = "5000",
    };
}
