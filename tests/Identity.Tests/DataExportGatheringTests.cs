using System.Net;

namespace SocialCommerce.Identity.Tests;

/// <summary>An export that cannot gather a service's part is refused whole, never handed out incomplete.</summary>
public sealed class DataExportGatheringTests
{
    private IdentityApp app = null!;

    // Port 9 (discard) has no listener on these machines: the order part cannot be fetched.
    [OneTimeSetUp]
    public async Task StartApp() => app = await IdentityApp.StartAsync(new Dictionary<string, string>
    {
        ["Identity:ExportParts:order"] = "http://127.0.0.1:9/api/order/me/export",
    });

    [OneTimeTearDown]
    public async Task StopApp() => await app.DisposeAsync();

    [Test]
    public async Task Export_APartCannotBeFetched_503NamingIt()
    {
        var (_, tokens, _) = await app.SignedUpUserAsync();
        using var client = app.CreateClient(tokens.AccessToken);

        var response = await client.GetAsync("/api/identity/me/export");

        var problem = await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.That(problem.GetProperty("unavailable").EnumerateArray().Select(part => part.GetString()), Is.EqualTo(new[] { "order" }));
    }
}
