using System.Net.Http.Json;

namespace SocialCommerce.EndToEnd.Tests.Orders;

/// <summary>The sandbox provider's merchant API, for telling it to misbehave (and to stop).</summary>
public static class Sandbox
{
    public static HttpClient Api()
    {
        var client = new HttpClient { BaseAddress = new Uri(LocalPlatform.SandboxProviderUrl) };
        client.DefaultRequestHeaders.Add("X-Merchant-Id", "socialcommerce");
        client.DefaultRequestHeaders.Add("X-Api-Key", "sandbox-api-key-dev");
        return client;
    }

    public static async Task BehaveAsync(int copies = 1, bool reorder = false, int delayMs = 0, int apiDelayMs = 0)
    {
        using var api = Api();
        var response = await api.PutAsJsonAsync("/v1/sandbox/behaviour",
            new { callbackCopies = copies, reorderCallbacks = reorder, callbackDelayMs = delayMs, apiDelayMs });
        Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Types of the callbacks the adapter acknowledged since <paramref name="since"/>, one entry per copy.</summary>
    public static async Task<IReadOnlyList<string>> DeliveredCallbacksAsync(DateTimeOffset since)
    {
        using var api = Api();
        var log = await api.GetFromJsonAsync<System.Text.Json.JsonElement>("/v1/sandbox/callbacks");
        return log.EnumerateArray()
            .Where(attempt => attempt.GetProperty("sentAt").GetDateTimeOffset() >= since
                && attempt.TryGetProperty("statusCode", out var status) && status.GetInt32() == 200)
            .Select(attempt => attempt.GetProperty("type").GetString()!)
            .ToList();
    }

    /// <summary>Every payout (commission withdrawal) is answered failed until <see cref="ResetAsync"/>.</summary>
    public static Task DeclinePayoutsAsync() => SetAsync(new { declinePayouts = true });

    /// <summary>The provider answers 500 to every API call (the next thousand) until <see cref="ResetAsync"/>: it is down.</summary>
    public static Task GoDownAsync() => SetAsync(new { failNextApiCalls = 1_000 });

    private static async Task SetAsync(object behaviour)
    {
        using var api = Api();
        var response = await api.PutAsJsonAsync("/v1/sandbox/behaviour", behaviour);
        Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
    }

    public static async Task ResetAsync()
    {
        using var api = Api();
        (await api.DeleteAsync("/v1/sandbox/behaviour")).EnsureSuccessStatusCode();
    }
}
