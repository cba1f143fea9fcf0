using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace SocialCommerce.PaymentAdapter.Tests;

/// <summary>
/// The sandbox provider (deploy/sandbox-provider) as its own process on a free port, with the Development merchant
/// account the adapter's Development settings name. It is the outer edge the adapter talks to, never mocked.
/// </summary>
public sealed class SandboxProcess : IAsyncDisposable
{
    public const string Project = "deploy/sandbox-provider/SocialCommerce.SandboxProvider";
    public const string MerchantId = "socialcommerce";
    public const string ApiKey = "sandbox-api-key-dev";
    public const string WebhookSecret = "sandbox-webhook-secret-dev";

    private readonly ServiceProcess process;

    private SandboxProcess(ServiceProcess process, string url)
    {
        this.process = process;
        Url = url;
        Api = new HttpClient { BaseAddress = new Uri(url + "/") };
        Api.DefaultRequestHeaders.Add("X-Merchant-Id", MerchantId);
        Api.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
    }

    public string Url { get; }

    /// <summary>The merchant API, authenticated as the platform's merchant account.</summary>
    public HttpClient Api { get; }

    public static async Task<SandboxProcess> StartAsync()
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var process = ServiceProcess.Start(Project, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Kestrel__Endpoints__Http__Url"] = url,
            ["Sandbox__PublicUrl"] = url,
            ["Logging__LogLevel__Default"] = "Warning",
        });
        await process.WaitHealthyAsync(url, TimeSpan.FromSeconds(30));
        return new SandboxProcess(process, url);
    }

    public async Task PayAsync(string providerPaymentId, bool decline = false)
    {
        var response = await Api.PostAsync($"v1/payments/{providerPaymentId}/{(decline ? "decline" : "pay")}", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    /// <summary>Sets how callbacks misbehave (copies of each, reversed batches, a delay), API failures and payout declines.</summary>
    public async Task BehaveAsync(int copies = 1, bool reorder = false, int delayMs = 0, int failNextApiCalls = 0, bool declinePayouts = false)
    {
        var response = await Api.PutAsJsonAsync("v1/sandbox/behaviour",
            new { callbackDelayMs = delayMs, callbackCopies = copies, reorderCallbacks = reorder, failNextApiCalls, declinePayouts });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    public async Task<JsonElement> CallbacksAsync() => await Api.GetFromJsonAsync<JsonElement>("v1/sandbox/callbacks");

    /// <summary>Waits until the provider owes the adapter no callback copy (each delivered or given up).</summary>
    public async Task WaitForNoOutstandingCallbacksAsync()
    {
        var left = await Eventually.WaitForAsync(
            async () => (await Api.GetFromJsonAsync<JsonElement>("v1/sandbox/callbacks/outstanding")).GetProperty("outstanding").GetInt32(),
            count => count == 0);
        Assert.That(left, Is.Zero, "callback copies still owed");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await process.DisposeAsync();
    }
}
