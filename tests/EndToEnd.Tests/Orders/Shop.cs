using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace SocialCommerce.EndToEnd.Tests.Orders;

/// <summary>A shopper (fresh account), the demo merchant and admin, and the SKUs they trade, as the order journeys need them.</summary>
public static partial class Shop
{
    public const string MerchantPhone = "13800000002";   // 好物小店 (user ...0003), demo shop of general goods
    public const string MerchantPassword = "Merchant2026!demo";

    private const int SpareHeadroom = 10;

    private static int taken;

    public static object Address { get; } = new { name = "小红", phone = "13800000001", region = "浙江省杭州市西湖区", line1 = "文三路 90 号 8 幢 301" };

    public static async Task<HttpClient> NewShopperAsync()
    {
        var phone = GatewayClient.NewPhone();
        await GatewayClient.SignUpAsync(phone);
        return GatewayClient.Create((await GatewayClient.SignInAsync(phone)).AccessToken);
    }

    public static async Task<HttpClient> MerchantAsync() =>
        GatewayClient.Create((await GatewayClient.SignInAsync(MerchantPhone, MerchantPassword)).AccessToken);

    public static async Task<HttpClient> AdminAsync() =>
        GatewayClient.Create((await GatewayClient.SignInAsync("13800000000", "Admin2026!demo")).AccessToken);

    /// <summary>
    /// Listed SKUs of the merchant's shop that no earlier test in this run took, with at least <paramref name="minAvailable"/>
    /// in stock, so one journey's asynchronous stock moves never show in another's counts. The demo shop's own SKUs come
    /// first; products of spare SKUs are listed for the shop as the run needs them (<see cref="ListSpareSkusAsync"/>).
    /// </summary>
    public static async Task<IReadOnlyList<Sku>> TakeSkusAsync(int count, int minAvailable = 20)
    {
        var start = Interlocked.Add(ref taken, count) - count;
        var skus = await ListedSkusAsync(minAvailable);
        // Listed before the last ones are taken, so every run of the suite lists spares and this path stays tried.
        if (skus.Count < start + count + SpareHeadroom)
        {
            await ListSpareSkusAsync(start + count + SpareHeadroom, minAvailable);
            skus = await ListedSkusAsync(minAvailable);
        }

        Assert.That(skus, Has.Count.GreaterThanOrEqualTo(start + count), "the demo shop ran out of untouched SKUs");
        return skus.Skip(start).Take(count).ToList();
    }

    // In id order: SKU ids are time-ordered, so SKUs listed later come after those already handed out.
    private static async Task<List<Sku>> ListedSkusAsync(int minAvailable)
    {
        await using var connection = new NpgsqlConnection(Platform.Instance.CatalogDatabase);
        return (await connection.QueryAsync<Sku>(
            """
            SELECT s.id, s.price, s.available FROM skus s JOIN products p ON p.id = s.product_id JOIN shops h ON h.id = p.shop_id
            WHERE p.status = 'listed' AND h.merchant_id = '0190a000-0000-7000-8000-000000000003' AND s.available >= @minAvailable
            ORDER BY s.id
            """,
            new { minAvailable })).ToList();
    }

    public static async Task<Guid> ProductOfAsync(Guid skuId)
    {
        await using var connection = new NpgsqlConnection(Platform.Instance.CatalogDatabase);
        return await connection.ExecuteScalarAsync<Guid>("SELECT product_id FROM skus WHERE id = @skuId", new { skuId });
    }

    public static async Task<int> AvailableAsync(Guid skuId)
    {
        await using var connection = new NpgsqlConnection(Platform.Instance.CatalogDatabase);
        return await connection.ExecuteScalarAsync<int>("SELECT available FROM skus WHERE id = @skuId", new { skuId });
    }

    public static async Task SetStockAsync(HttpClient merchant, Guid skuId, int stock)
    {
        var response = await merchant.PatchAsJsonAsync($"/api/seller/skus/{skuId}", new { stock });
        Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
    }

    public static async Task<long> OrderScalarAsync(string sql, object? args = null)
    {
        await using var connection = new NpgsqlConnection(Platform.Instance.OrderDatabase);
        return await connection.ExecuteScalarAsync<long>(sql, args);
    }

    /// <summary>OrderPaid rows the order service's outbox holds for the order: each is published under one message id.</summary>
    public static Task<long> OrderPaidEventsAsync(Guid orderId) =>
        OrderScalarAsync(
            "SELECT count(*) FROM outbox_messages WHERE message_type LIKE 'SocialCommerce.Contracts.Events.Order.OrderPaid,%' AND body->>'orderId' = @id",
            new { id = orderId.ToString() });

    public static async Task<HttpResponseMessage> CheckoutAsync(HttpClient shopper, string key, params (Guid SkuId, int Quantity)[] lines)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/order/orders")
        {
            Content = JsonContent.Create(new { lines = lines.Select(l => new { skuId = l.SkuId, quantity = l.Quantity }), shippingAddress = Address }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return await shopper.SendAsync(request);
    }

    public static async Task<Placed> PlaceAsync(HttpClient shopper, params (Guid SkuId, int Quantity)[] lines)
    {
        var response = await CheckoutAsync(shopper, Guid.NewGuid().ToString(), lines);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new Placed(body.GetProperty("orderId").GetGuid(), body.GetProperty("payment").GetProperty("payUrl").GetString()!,
            body.GetProperty("total").GetProperty("amount").GetInt64(), body);
    }

    /// <summary>Presses pay (or decline) on the sandbox pay page, as the shopper's browser would.</summary>
    public static async Task PressAsync(string payUrl, bool pay = true)
    {
        using var browser = new HttpClient();
        var response = await browser.PostAsync($"{payUrl}/{(pay ? "pay" : "decline")}", null);
        Assert.That((int)response.StatusCode, Is.LessThan(400), await response.Content.ReadAsStringAsync());
    }

    public static async Task<JsonElement> OrderAsync(HttpClient client, Guid orderId, string path = "/api/order/orders") =>
        await client.GetFromJsonAsync<JsonElement>($"{path}/{orderId}");

    public static async Task<JsonElement> WaitForStatusAsync(HttpClient client, Guid orderId, string status, string path = "/api/order/orders")
    {
        var order = await Eventually.WaitForAsync(() => OrderAsync(client, orderId, path), o => o.GetProperty("status").GetString() == status,
            TimeSpan.FromSeconds(30));
        Assert.That(order.GetProperty("status").GetString(), Is.EqualTo(status), order.ToString());
        return order;
    }

    public static async Task<Guid> PaidOrderAsync(HttpClient shopper, params (Guid SkuId, int Quantity)[] lines)
    {
        var placed = await PlaceAsync(shopper, lines);
        await PressAsync(placed.PayUrl);
        await WaitForStatusAsync(shopper, placed.OrderId, "paid");
        return placed.OrderId;
    }
}

public sealed record Sku(Guid Id, long Price, int Available);

public sealed record Placed(Guid OrderId, string PayUrl, long Total, JsonElement Body);
