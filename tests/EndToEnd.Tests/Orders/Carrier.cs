using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SocialCommerce.EndToEnd.Tests.Orders;

/// <summary>A carrier posting signed tracking events to the public webhook through the gateway.</summary>
public static class Carrier
{
    public const string Secret = "carrier-webhook-secret-dev";

    public static async Task<HttpResponseMessage> PostAsync(
        string carrier, string trackingNo, string status, string? eventId = null, string secret = Secret, long? timestamp = null)
    {
        // Times in Beijing time, as carriers in China send them (+08:00, not UTC).
        var body = JsonSerializer.Serialize(new
        {
            eventId = eventId ?? Guid.NewGuid().ToString("N"), trackingNo, status, description = $"{status} 杭州转运中心",
            occurredAt = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)),
        });
        var at = timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var signature = "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{at}.{body}")));
        using var anonymous = GatewayClient.Create();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/order/webhooks/carriers/{carrier}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Carrier-Timestamp", at.ToString());
        request.Headers.Add("X-Carrier-Signature", signature);
        return await anonymous.SendAsync(request);
    }

    /// <summary>Ships a paid order, retrying while it answers 409 "settling" (its stock commit is still owed).</summary>
    public static async Task<string> ShipAsync(HttpClient merchant, Guid orderId)
    {
        var trackingNo = "SF" + Random.Shared.NextInt64(1_000_000_000, 9_999_999_999);
        var response = await Eventually.WaitForAsync(
            () => merchant.PostAsJsonAsync($"/api/seller/orders/{orderId}/shipments", new { carrier = "sf", trackingNo }),
            r => r.StatusCode != HttpStatusCode.Conflict);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return trackingNo;
    }

    public static async Task DeliverAsync(string trackingNo)
    {
        var response = await PostAsync("sf", trackingNo, "delivered");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }
}
