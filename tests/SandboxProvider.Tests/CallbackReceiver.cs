using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SocialCommerce.SandboxProvider.Tests;

/// <summary>One HTTP request the receiver got, and what it answered.</summary>
public sealed record ReceivedCallback(string Hook, string Body, string? Timestamp, string? Signature, string? ContentType, int Answered, DateTimeOffset ReceivedAt)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string EventId => Json.GetProperty("eventId").GetString()!;

    public string Type => Json.GetProperty("type").GetString()!;

    public string ProviderPaymentId => Json.GetProperty("providerPaymentId").GetString()!;
}

/// <summary>
/// A real HTTP server on a free loopback port that plays the payment adapter's webhook endpoint: every test posts its
/// callbacks to a hook of its own (/hooks/{hook}) and can make that hook answer 500 a number of times.
/// </summary>
public sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ReceivedCallback> received = new();
    private readonly ConcurrentDictionary<string, int> failuresLeft = new();

    private CallbackReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        // The provider's appsettings.json is copied next to the tests; its Kestrel endpoint (port 8080) is not ours.
        builder.Configuration.Sources.Clear();
        // Listen, not UseUrls: explicit endpoints win over ASPNETCORE_URLS / ASPNETCORE_HTTP_PORTS in the environment.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        app = builder.Build();
        app.MapPost("/hooks/{hook}", async (string hook, HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            var status = TakeFailure(hook) ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK;
            received.Enqueue(new ReceivedCallback(hook, body, request.Headers["X-Sandbox-Timestamp"], request.Headers["X-Sandbox-Signature"],
                request.ContentType, status, DateTimeOffset.UtcNow));
            return Results.StatusCode(status);
        });
    }

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<CallbackReceiver> StartAsync()
    {
        var receiver = new CallbackReceiver();
        await receiver.app.StartAsync();
        receiver.BaseAddress = new Uri(receiver.app.Urls.Single());
        return receiver;
    }

    public static string NewHook() => Guid.NewGuid().ToString("N");

    public string UrlFor(string hook) => new Uri(BaseAddress, $"/hooks/{hook}").ToString();

    public void FailNext(string hook, int times) => failuresLeft[hook] = times;

    /// <summary>Every request the hook got, in arrival order, whatever it answered.</summary>
    public IReadOnlyList<ReceivedCallback> All(string hook) => received.Where(callback => callback.Hook == hook).ToList();

    /// <summary>The requests the hook accepted (answered 200), in arrival order.</summary>
    public IReadOnlyList<ReceivedCallback> Delivered(string hook) => All(hook).Where(callback => callback.Answered == 200).ToList();

    /// <summary>Waits until the hook has accepted <paramref name="count"/> callbacks (or the timeout passes) and returns them.</summary>
    public async Task<IReadOnlyList<ReceivedCallback>> WaitForAsync(string hook, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (Delivered(hook).Count < count && DateTime.UtcNow < deadline) await Task.Delay(25);
        return Delivered(hook);
    }

    private bool TakeFailure(string hook)
    {
        while (failuresLeft.TryGetValue(hook, out var left) && left > 0)
        {
            if (failuresLeft.TryUpdate(hook, left - 1, left)) return true;
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
