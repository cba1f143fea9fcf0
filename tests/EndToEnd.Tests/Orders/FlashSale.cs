using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialCommerce.EndToEnd.Tests.Orders;

/// <summary>Flash-sale steps through the gateway, and what order's database says about a campaign's quota.</summary>
public static class FlashSale
{
    /// <summary>A flash sale on <paramref name="sku"/> that starts in a moment (campaigns must start in the future).</summary>
    public static async Task<Guid> CampaignAsync(HttpClient merchant, Sku sku, int quota, int? perUserLimit, TimeSpan? startIn = null)
    {
        var startsAt = DateTimeOffset.UtcNow + (startIn ?? TimeSpan.FromSeconds(1.5));
        var response = await merchant.PostAsJsonAsync("/api/seller/campaigns", new
        {
            type = "flash-sale", skuId = sku.Id, price = new { amount = sku.Price / 2, currency = "CNY" },
            startsAt, endsAt = startsAt + TimeSpan.FromHours(1), quota, perUserLimit,
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var delay = startsAt - DateTimeOffset.UtcNow;
        if (startIn is null && delay > TimeSpan.Zero) await Task.Delay(delay + TimeSpan.FromMilliseconds(100));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("campaignId").GetGuid();
    }

    /// <summary>
    /// A running sale on a demo SKU of its own, for a fixture's tests to share: a campaign holds its SKU for an hour and
    /// the suite's untouched demo SKUs are counted (<see cref="Shop.TakeSkusAsync"/>). <paramref name="stock"/> sets the
    /// SKU's stock first.
    /// </summary>
    public static async Task<(Sku Sku, Guid CampaignId)> SaleOnOwnSkuAsync(int quota, int perUserLimit, int? stock = null)
    {
        var sku = (await Shop.TakeSkusAsync(1))[0];
        using var merchant = await Shop.MerchantAsync();
        if (stock is { } units) await Shop.SetStockAsync(merchant, sku.Id, units);
        return (sku, await CampaignAsync(merchant, sku, quota, perUserLimit));
    }

    public static Task<HttpResponseMessage> BuyAsync(HttpClient shopper, Guid campaignId, int quantity = 1, string? key = null) =>
        GroupBuy.PostAsync(shopper, $"/api/order/flash-sales/{campaignId}/orders", quantity, key);

    /// <summary>
    /// One attempt as a real client makes it: a 503 ("try again") is retried with the same Idempotency-Key after its
    /// Retry-After (or a second), at most three times, so the rush is judged by its final answers.
    /// </summary>
    public static async Task<HttpResponseMessage> BuyAsRealClientsDoAsync(HttpClient shopper, Guid campaignId)
    {
        var key = Guid.NewGuid().ToString();
        for (var attempt = 1; ; attempt++)
        {
            var response = await BuyAsync(shopper, campaignId, key: key);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 4) return response;
            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
            response.Dispose();
        }
    }

    /// <summary>The admitted attempt's ticket (202), waited on until its order is placed, as the web client's ticket page does.</summary>
    public static async Task<Placed> BoughtAsync(HttpClient shopper, HttpResponseMessage response)
    {
        var ticket = await TicketOfAsync(response);
        var placed = await WaitForTicketAsync(shopper, ticket.GetProperty("ticketId").GetGuid(), "placed");
        var order = placed.GetProperty("order");
        return new Placed(order.GetProperty("orderId").GetGuid(), order.GetProperty("payment").GetProperty("payUrl").GetString()!,
            order.GetProperty("total").GetProperty("amount").GetInt64(), order);
    }

    /// <summary>The 202's ticket, checked to be one.</summary>
    public static async Task<JsonElement> TicketOfAsync(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> TicketAsync(HttpClient shopper, Guid ticketId)
    {
        using var response = await shopper.GetAsync($"/api/order/flash-sales/tickets/{ticketId}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Polls the ticket until it is no longer queued; asserts it ended <paramref name="status"/>.</summary>
    public static async Task<JsonElement> WaitForTicketAsync(HttpClient shopper, Guid ticketId, string status)
    {
        var ticket = await Eventually.WaitForAsync(() => TicketAsync(shopper, ticketId), t => t.GetProperty("status").GetString() != "queued",
            TimeSpan.FromSeconds(60));
        Assert.That(ticket.GetProperty("status").GetString(), Is.EqualTo(status), ticket.ToString());
        return ticket;
    }

    /// <summary>Units still in the campaign's buckets.</summary>
    public static Task<long> LeftAsync(Guid campaignId) =>
        Shop.OrderScalarAsync("SELECT coalesce(sum(remaining), 0) FROM flash_sale_buckets WHERE campaign_id = @campaignId", new { campaignId });

    /// <summary>Units in live (not cancelled) orders of the campaign.</summary>
    public static Task<long> SoldAsync(Guid campaignId) =>
        Shop.OrderScalarAsync(
            """
            SELECT coalesce(sum(l.quantity), 0) FROM orders o JOIN order_lines l ON l.order_id = o.id
            WHERE o.campaign_id = @campaignId AND o.status <> 'cancelled'
            """,
            new { campaignId });

    /// <summary>Units held by admissions that were not returned.</summary>
    public static Task<long> AdmittedAsync(Guid campaignId) =>
        Shop.OrderScalarAsync(
            "SELECT coalesce(sum(quantity), 0) FROM flash_sale_admissions WHERE campaign_id = @campaignId AND state <> 'returned'", new { campaignId });
}
