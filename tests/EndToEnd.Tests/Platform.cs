using SocialCommerce.TestSupport;

namespace SocialCommerce.EndToEnd.Tests;

/// <summary>
/// Starts the platform once for the whole suite (see <see cref="LocalPlatform"/>); every test talks to the
/// gateway, as a mobile app would. Edge limits are raised so the suite's own traffic is not throttled; the
/// rate-limit test starts a strict gateway of its own.
/// </summary>
[SetUpFixture]
public sealed class Platform
{
    private static LocalPlatform? platform;

    public static LocalPlatform Instance => platform ?? throw new InvalidOperationException("The platform is not started.");
    public static int Offset => LocalPlatform.Offset;
    public static string IdentityUrl => LocalPlatform.IdentityUrl;
    public static string IdentityGrpcUrl => LocalPlatform.IdentityGrpcUrl;
    public static string GatewayUrl => LocalPlatform.GatewayUrl;
    public static string IdentityDatabase => Instance.IdentityDatabase;
    public static string BrokerUri => Instance.BrokerUri;

    [OneTimeSetUp]
    public async Task StartAsync() => platform = await LocalPlatform.StartAsync(authPerIpPerMinute: 100_000, perUserPerSecond: 1000);

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await Chromium.CloseAsync();
        if (platform is not null) await platform.DisposeAsync();
    }
}
