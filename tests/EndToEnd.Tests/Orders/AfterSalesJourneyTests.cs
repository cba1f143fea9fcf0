using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialCommerce.EndToEnd.Tests.Orders;

/// <summary>Refund requests after delivery: approve, reject and escalate, partial lines, and the cap on what goes back.</summary>
public sealed class AfterSalesJourneyTests
{
    [Test]
    public async Task RefundRequest_ApprovedByMerchant_RefundedAndRestocked()
    {
        var skus = await Shop.TakeSkusAsync(1);
        using var shopper = await Shop.NewShopperAsync();
        using var merchant = await Shop.MerchantAsync();
        var before = await Shop.AvailableAsync(skus[0].Id);
        var orderId = await DeliveredOrderAsync(shopper, merchant, (skus[0].Id, 2));

        var requested = await shopper.PostAsJsonAsync($"/api/order/orders/{orderId}/refund-requests", new { reason = "不想要了" });
        Assert.That(requested.StatusCode, Is.EqualTo(HttpStatusCode.Created), await requested.Content.ReadAsStringAsync());
        var request = await requested.Content.ReadFromJsonAsync<JsonElement>();
        var pending = await merchant.GetFromJsonAsync<JsonElement>("/api/seller/refund-requests?status=pending");
        Assert.That(pending.EnumerateArray().Select(r => r.GetProperty("refundRequestId").GetGuid()),
            Does.Contain(request.GetProperty("refundRequestId").GetGuid()), "the shop's merchant sees the request");
        var approved = await merchant.PostAsJsonAsync($"/api/seller/refund-requests/{request.GetProperty("refundRequestId").GetGuid()}/approve", new { note = "同意" });
        Assert.That(approved.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await approved.Content.ReadAsStringAsync());

        var order = await Shop.WaitForStatusAsync(shopper, orderId, "refunded");
        Assert.Multiple(async () =>
        {
            Assert.That(order.GetProperty("refunded").GetProperty("amount").GetInt64(), Is.EqualTo(skus[0].Price * 2));
            Assert.That(order.GetProperty("refunds")[0].GetProperty("kind").GetString(), Is.EqualTo("after-sales"));
            Assert.That(await Eventually.WaitForAsync(() => Shop.AvailableAsync(skus[0].Id), a => a == before), Is.EqualTo(before), "restocked");
            Assert.That(await Shop.OrderScalarAsync(
                "SELECT count(*) FROM outbox_messages WHERE message_type LIKE 'SocialCommerce.Contracts.Events.Order.RefundCompleted,%' AND body->>'orderId' = @id",
                new { id = orderId.ToString() }), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task RefundRequest_OneLine_PartiallyRefundedThenTheRest()
    {
        var skus = await Shop.TakeSkusAsync(2);
        using var shopper = await Shop.NewShopperAsync();
        using var merchant = await Shop.MerchantAsync();
        var orderId = await DeliveredOrderAsync(shopper, merchant, (skus[0].Id, 1), (skus[1].Id, 2));

        await RequestAndApproveAsync(shopper, merchant, orderId, new { lines = new[] { new { skuId = skus[1].Id, quantity = 1 } } });
        var partial = await Shop.WaitForStatusAsync(shopper, orderId, "partially-refunded");
        await RequestAndApproveAsync(shopper, merchant, orderId, new { });
        var full = await Shop.WaitForStatusAsync(shopper, orderId, "refunded");

        Assert.Multiple(() =>
        {
            Assert.That(partial.GetProperty("refunded").GetProperty("amount").GetInt64(), Is.EqualTo(skus[1].Price));
            Assert.That(full.GetProperty("refunded").GetProperty("amount").GetInt64(), Is.EqualTo(full.GetProperty("total").GetProperty("amount").GetInt64()));
            Assert.That(full.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("refundedQuantity").GetInt32()), Is.EqualTo(
                full.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("quantity").GetInt32())));
        });
    }

    [Test]
    public async Task RefundRequest_RejectedThenEscalated_AdminApproves()
    {
        var skus = await Shop.TakeSkusAsync(1);
        using var shopper = await Shop.NewShopperAsync();
        using var merchant = await Shop.MerchantAsync();
        using var admin = await Shop.AdminAsync();
        var orderId = await DeliveredOrderAsync(shopper, merchant, (skus[0].Id, 1));
        var requestId = await RequestAsync(shopper, orderId, new { reason = "质量问题" });

        Assert.That((await merchant.PostAsJsonAsync($"/api/seller/refund-requests/{requestId}/reject", new { note = "已使用" })).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var afterReject = await Shop.OrderAsync(shopper, orderId);
        await (await merchant.PostAsync($"/api/seller/refund-requests/{requestId}/approve", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await admin.PostAsync($"/api/order/admin/refund-requests/{requestId}/approve", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.That((await shopper.PostAsync($"/api/order/refund-requests/{requestId}/escalation", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var queue = await admin.GetFromJsonAsync<JsonElement>("/api/order/admin/refund-requests");
        await (await shopper.PostAsync($"/api/order/admin/refund-requests/{requestId}/approve", null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.That((await admin.PostAsync($"/api/order/admin/refund-requests/{requestId}/approve", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        await Shop.WaitForStatusAsync(shopper, orderId, "refunded");
        Assert.Multiple(() =>
        {
            Assert.That(afterReject.GetProperty("status").GetString(), Is.EqualTo("delivered"), "a rejection puts the order back");
            Assert.That(queue.EnumerateArray().Select(r => r.GetProperty("refundRequestId").GetGuid()), Does.Contain(requestId));
        });
    }

    [Test]
    public async Task RefundRequests_ConcurrentAndOversized_NeverExceedWhatWasPaid()
    {
        var skus = await Shop.TakeSkusAsync(1);
        using var shopper = await Shop.NewShopperAsync();
        using var merchant = await Shop.MerchantAsync();
        var orderId = await DeliveredOrderAsync(shopper, merchant, (skus[0].Id, 2));

        var oversized = await shopper.PostAsJsonAsync($"/api/order/orders/{orderId}/refund-requests",
            new { lines = new[] { new { skuId = skus[0].Id, quantity = 3 } } });
        var foreign = await shopper.PostAsJsonAsync($"/api/order/orders/{orderId}/refund-requests",
            new { lines = new[] { new { skuId = Guid.CreateVersion7(), quantity = 1 } } });
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            shopper.PostAsJsonAsync($"/api/order/orders/{orderId}/refund-requests", new { lines = new[] { new { skuId = skus[0].Id, quantity = 2 } } })));

        Assert.That((await oversized.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString(), Is.EqualTo("refund-exceeds-paid"));
        await foreign.AssertProblemAsync(HttpStatusCode.Conflict);
        var created = concurrent.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        Assert.That(created, Has.Count.EqualTo(1));
        foreach (var refused in concurrent.Except(created)) await refused.AssertProblemAsync(HttpStatusCode.Conflict);
        var requestId = (await created[0].Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refundRequestId").GetGuid();
        await merchant.PostAsync($"/api/seller/refund-requests/{requestId}/approve", null);
        var order = await Shop.WaitForStatusAsync(shopper, orderId, "refunded");
        var again = await shopper.PostAsJsonAsync($"/api/order/orders/{orderId}/refund-requests", new { });

        await again.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.That(order.GetProperty("refunded").GetProperty("amount").GetInt64(), Is.EqualTo(skus[0].Price * 2));
        Assert.That(await Shop.OrderScalarAsync("SELECT coalesce(sum(amount), 0) FROM refunds WHERE order_id = @orderId", new { orderId }),
            Is.EqualTo(skus[0].Price * 2));
    }

    [Test]
    public async Task RefundRequest_BeforeDeliveryOrOnSomeoneElsesOrder_409Or404()
    {
        var skus = await Shop.TakeSkusAsync(1);
        using var shopper = await Shop.NewShopperAsync();
        using var stranger = await Shop.NewShopperAsync();
        var orderId = await Shop.PaidOrderAsync(shopper, (skus[0].Id, 1));

        await (await shopper.PostAsJsonAsync($"/api/order/orders/{orderId}/refund-requests", new { })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await stranger.PostAsJsonAsync($"/api/order/orders/{orderId}/refund-requests", new { })).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.That((await Shop.OrderAsync(shopper, orderId)).GetProperty("status").GetString(), Is.EqualTo("paid"));
    }

    internal static async Task<Guid> DeliveredOrderAsync(HttpClient shopper, HttpClient merchant, params (Guid SkuId, int Quantity)[] lines)
    {
        var orderId = await Shop.PaidOrderAsync(shopper, lines);
        await Carrier.DeliverAsync(await Carrier.ShipAsync(merchant, orderId));
        await Shop.WaitForStatusAsync(shopper, orderId, "delivered");
        return orderId;
    }

    private static async Task<Guid> RequestAsync(HttpClient shopper, Guid orderId, object body)
    {
        var response = await shopper.PostAsJsonAsync($"/api/order/orders/{orderId}/refund-requests", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refundRequestId").GetGuid();
    }

    internal static async Task RequestAndApproveAsync(HttpClient shopper, HttpClient merchant, Guid orderId, object body)
    {
        var requestId = await RequestAsync(shopper, orderId, body);
        var approved = await merchant.PostAsync($"/api/seller/refund-requests/{requestId}/approve", null);
        Assert.That(approved.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await approved.Content.ReadAsStringAsync());
    }
}
