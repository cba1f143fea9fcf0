using Dapper;
using Npgsql;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialCommerce.EndToEnd.Tests.Orders;

/// <summary>Group-buy steps through the gateway: a merchant's campaign, starting and joining teams.</summary>
public static class GroupBuy
{
    /// <summary>A group-buy on <paramref name="sku"/> that starts in a moment (campaigns must start in the future) and runs <paramref name="runFor"/>.</summary>
    public static async Task<Guid> CampaignAsync(HttpClient merchant, Sku sku, int teamSize, TimeSpan runFor, int? perUserLimit = null)
    {
        var startsAt = DateTimeOffset.UtcNow.AddSeconds(1.5);
        var response = await merchant.PostAsJsonAsync("/api/seller/campaigns", new
        {
            type = "group-buy", skuId = sku.Id, price = new { amount = sku.Price * 8 / 10, currency = "CNY" },
            startsAt, endsAt = startsAt + runFor, teamSize, teamHours = 24, perUserLimit,
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var delay = startsAt - DateTimeOffset.UtcNow;
        if (delay > TimeSpan.Zero) await Task.Delay(delay + TimeSpan.FromMilliseconds(100));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("campaignId").GetGuid();
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient shopper, string path, int quantity = 1, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = JsonContent.Create(new { quantity, shippingAddress = Shop.Address }),
        };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return await shopper.SendAsync(request);
    }

    public static async Task<(Guid TeamId, Placed Order, string ShareUrl)> StartAsync(HttpClient leader, Guid campaignId)
    {
        var response = await PostAsync(leader, $"/api/order/group-buys/{campaignId}/teams");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("teamId").GetGuid(), ToPlaced(body.GetProperty("order")), body.GetProperty("shareUrl").GetString()!);
    }

    public static async Task<Placed> JoinAsync(HttpClient member, Guid teamId)
    {
        var response = await PostAsync(member, $"/api/order/group-buys/teams/{teamId}/join");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return ToPlaced((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("order"));
    }

    public static async Task<JsonElement> TeamAsync(Guid teamId)
    {
        using var anonymous = GatewayClient.Create();
        return await anonymous.GetFromJsonAsync<JsonElement>($"/api/order/group-buys/teams/{teamId}");
    }

    public static Task<long> EventsAsync(string type, Guid teamId) =>
        Shop.OrderScalarAsync(
            "SELECT count(*) FROM outbox_messages WHERE message_type LIKE @type AND body->>'teamId' = @id",
            new { type = $"SocialCommerce.Contracts.Events.Order.{type},%", id = teamId.ToString() });

    /// <summary>Reservations catalog ever took for the SKU (released ones included): every checkout that reached its stock.</summary>
    public static async Task<long> ReservationsAsync(Guid skuId)
    {
        await using var connection = new NpgsqlConnection(Platform.Instance.CatalogDatabase);
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM stock_reservation_lines WHERE sku_id = @skuId", new { skuId });
    }

    private static Placed ToPlaced(JsonElement order) =>
        new(order.GetProperty("orderId").GetGuid(), order.GetProperty("payment").GetProperty("payUrl").GetString()!,
            order.GetProperty("total").GetProperty("amount").GetInt64(), order);
}
