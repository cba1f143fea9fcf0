using System.Security.Cryptography;
using System.Text;

namespace SocialCommerce.SandboxProvider.Tests;

/// <summary>One provider and one callback receiver per fixture; every test uses a receiver hook of its own.</summary>
public abstract class SandboxFixture
{
    protected CallbackReceiver Receiver { get; private set; } = null!;
    protected SandboxApp App { get; private set; } = null!;
    protected HttpClient Merchant { get; private set; } = null!;
    protected HttpClient Rival { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        // The receiver first and then the app, one after the other: WebApplicationFactory intercepts the next host
        // that is built while it starts the app, and must not catch the receiver's.
        Receiver = await CallbackReceiver.StartAsync();
        App = new SandboxApp();
        Merchant = App.Client();
        Rival = App.Client(SandboxApp.RivalId, SandboxApp.RivalApiKey);
    }

    [TearDown]
    public async Task ResetBehaviour()
    {
        await Merchant.DeleteAsync("/v1/sandbox/behaviour");
        await Rival.DeleteAsync("/v1/sandbox/behaviour");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        Merchant.Dispose();
        Rival.Dispose();
        await App.DisposeAsync();
        await Receiver.DisposeAsync();
    }

    /// <summary>The signature the adapter must check, computed here independently of the provider's code.</summary>
    protected static string ExpectedSignature(string secret, string timestamp, string body) =>
        "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
}
