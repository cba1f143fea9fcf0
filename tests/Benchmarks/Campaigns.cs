using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using SocialCommerce.TestSupport;

namespace SocialCommerce.Benchmarks;

/// <summary>A benchmark's campaign through the seller API, on a demo SKU stocked so that catalog never runs short.</summary>
public static class Campaigns
{
    public static readonly object Address = new { name = "压测买家", phone = "13800000001", region = "浙江省杭州市西湖区", line1 = "文三路 90 号 8 幢 301" };

    /// <summary>The <paramref name="index"/>-th listed SKU of the demo merchant's shop (from the end, away from the checkout benchmark's).</summary>
    public static async Task<(Guid Id, long Price)> SkuAsync(LocalPlatform platform, int index)
    {
        await using var connection = new NpgsqlConnection(platform.CatalogDatabase);
        return await connection.QuerySingleAsync<(Guid, long)>(
            """
            SELECT s.id, s.price FROM skus s JOIN products p ON p.id = s.product_id JOIN shops h ON h.id = p.shop_id
            WHERE p.status = 'listed' AND h.merchant_id = @merchant::uuid
            ORDER BY s.id DESC OFFSET @index LIMIT 1
            """,
            new { merchant = Accounts.MerchantUserId, index });
    }

    /// <summary>Stocks the SKU, creates the campaign starting in two seconds and waits for its start.</summary>
    public static async Task<Guid> CreateAsync(HttpClient http, string merchantToken, Guid skuId, int stock, Func<DateTimeOffset, object> body)
    {
        using (var patch = Authorized(HttpMethod.Patch, "/api/seller/skus/" + skuId, merchantToken, new { stock }))
        {
            using var stocked = await http.SendAsync(patch);
            if (!stocked.IsSuccessStatusCode) throw new InvalidOperationException($"stock: {stocked.StatusCode} {await stocked.Content.ReadAsStringAsync()}");
        }

        var startsAt = DateTimeOffset.UtcNow.AddSeconds(2);
        using var post = Authorized(HttpMethod.Post, "/api/seller/campaigns", merchantToken, body(startsAt));
        using var created = await http.SendAsync(post);
        if (created.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"campaign: {created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        var campaignId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("campaignId").GetGuid();
        var wait = startsAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200);
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
        return campaignId;
    }

    public static HttpRequestMessage Authorized(HttpMethod method, string path, string token, object? body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, LocalPlatform.GatewayUrl + path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    /// <summary>One POST with a new Idempotency-Key: status, body and how long it took.</summary>
    public static async Task<(int Status, JsonElement? Body, double Ms)> PostAsync(HttpClient http, string path, string token, object body)
    {
        using var request = Authorized(HttpMethod.Post, path, token, body, Guid.NewGuid().ToString());
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var json = text.Length > 0 && text[0] == '{' ? JsonDocument.Parse(text).RootElement.Clone() : (JsonElement?)null;
            return ((int)response.StatusCode, json, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return (0, null, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    public static HttpClient NewHttpClient() =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { Timeout = TimeSpan.FromSeconds(60) };
}
