using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialCommerce.EndToEnd.Tests.Orders;

/// <summary>Shipping, carrier tracking, receipt and cancellation rules through the gateway.</summary>
public sealed class FulfilmentJourneyTests
{
    [Test]
    public async Task ShipDeliverConfirm_PaidOrder_CompletedWithTrackingAndOrderCompleted()
    {
        var skus = await Shop.TakeSkusAsync(1);
        using var shopper = await Shop.NewShopperAsync();
        using var merchant = await Shop.MerchantAsync();
        var orderId = await Shop.PaidOrderAsync(shopper, (skus[0].Id, 1));

        var trackingNo = await Carrier.ShipAsync(merchant, orderId);
        Assert.That((await Carrier.PostAsync("sf", trackingNo, "in-transit")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await Carrier.DeliverAsync(trackingNo);
        var delivered = await Shop.OrderAsync(shopper, orderId);
        var receipt = await shopper.PostAsync($"/api/order/orders/{orderId}/receipt", null);

        Assert.That(receipt.StatusCode, Is.EqualTo(HttpStatusCode.OK), await receipt.Content.ReadAsStringAsync());
        var completed = await receipt.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(async () =>
        {
            Assert.That(delivered.GetProperty("status").GetString(), Is.EqualTo("delivered"));
            Assert.That(delivered.GetProperty("shipment").GetProperty("trackingNo").GetString(), Is.EqualTo(trackingNo));
            Assert.That(delivered.GetProperty("shipment").GetProperty("events").EnumerateArray().Select(e => e.GetProperty("status").GetString()),
                Is.EqualTo(new[] { "in-transit", "delivered" }));
            Assert.That(completed.GetProperty("status").GetString(), Is.EqualTo("completed"));
            Assert.That(completed.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()),
                Is.EqualTo(new[] { "awaiting-payment", "paid", "shipped", "delivered", "completed" }));
            Assert.That(await Shop.OrderScalarAsync(
                "SELECT count(*) FROM outbox_messages WHERE message_type LIKE 'SocialCommerce.Contracts.Events.Order.OrderCompleted,%' AND body->>'orderId' = @id",
                new { id = orderId.ToString() }), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task CarrierWebhook_ForgedStaleOrUnknown_RejectedAndNothingChanges()
    {
        var skus = await Shop.TakeSkusAsync(1);
        using var shopper = await Shop.NewShopperAsync();
        using var merchant = await Shop.MerchantAsync();
        var orderId = await Shop.PaidOrderAsync(shopper, (skus[0].Id, 1));
        var trackingNo = await Carrier.ShipAsync(merchant, orderId);

        var forged = await Carrier.PostAsync("sf", trackingNo, "delivered", secret: "not-the-carrier-secret-at-all");
        var stale = await Carrier.PostAsync("sf", trackingNo, "delivered", timestamp: DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds());
        var unknown = await Carrier.PostAsync("sf", "SF0000000000", "delivered");
        var duplicateId = Guid.NewGuid().ToString("N");
        var first = await Carrier.PostAsync("sf", trackingNo, "in-transit", duplicateId);
        var repeat = await Carrier.PostAsync("sf", trackingNo, "in-transit", duplicateId);

        await forged.AssertProblemAsync(HttpStatusCode.Unauthorized);
        await stale.AssertProblemAsync(HttpStatusCode.Unauthorized);
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.That((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString(), Is.EqualTo("accepted"));
        Assert.That((await repeat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString(), Is.EqualTo("duplicate"));
        var order = await Shop.OrderAsync(shopper, orderId);
        Assert.That(order.GetProperty("status").GetString(), Is.EqualTo("shipped"));
        Assert.That(order.GetProperty("shipment").GetProperty("events").GetArrayLength(), Is.EqualTo(1));
    }

    [Test]
    public async Task Cancel_ShippedOrder_409_PaidOrder_RefundedInFullAndRestocked()
    {
        var skus = await Shop.TakeSkusAsync(2);
        using var shopper = await Shop.NewShopperAsync();
        using var merchant = await Shop.MerchantAsync();
        var shipped = await Shop.PaidOrderAsync(shopper, (skus[0].Id, 1));
        await Carrier.ShipAsync(merchant, shipped);
        var before = await Shop.AvailableAsync(skus[1].Id);
        var paid = await Shop.PaidOrderAsync(shopper, (skus[1].Id, 3));

        var refused = await shopper.PostAsync($"/api/order/orders/{shipped}/cancel", null);
        var cancelled = await shopper.PostAsync($"/api/order/orders/{paid}/cancel", null);

        var problem = await refused.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("not-cancellable"));
        Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var order = await Eventually.WaitForAsync(() => Shop.OrderAsync(shopper, paid),
            o => o.GetProperty("refunded").GetProperty("amount").GetInt64() > 0, TimeSpan.FromSeconds(30));
        Assert.Multiple(async () =>
        {
            Assert.That(order.GetProperty("status").GetString(), Is.EqualTo("cancelled"));
            Assert.That(order.GetProperty("refunds")[0].GetProperty("kind").GetString(), Is.EqualTo("cancellation"));
            Assert.That(order.GetProperty("refunded").GetProperty("amount").GetInt64(), Is.EqualTo(order.GetProperty("total").GetProperty("amount").GetInt64()));
            Assert.That(await Eventually.WaitForAsync(() => Shop.AvailableAsync(skus[1].Id), a => a == before), Is.EqualTo(before), "restocked");
            Assert.That((await Shop.OrderAsync(shopper, shipped)).GetProperty("status").GetString(), Is.EqualTo("shipped"));
        });
    }

    [Test]
    public async Task SellerEndpoints_OtherShopsOrder_404_ShopperCannotShip()
    {
        var skus = await Shop.TakeSkusAsync(1);
        using var shopper = await Shop.NewShopperAsync();
        var orderId = await Shop.PaidOrderAsync(shopper, (skus[0].Id, 1));
        using var otherMerchant = GatewayClient.Create((await GatewayClient.SignInAsync("13800000003", Shop.MerchantPassword)).AccessToken);

        await (await otherMerchant.GetAsync($"/api/seller/orders/{orderId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await otherMerchant.PostAsJsonAsync($"/api/seller/orders/{orderId}/shipments", new { carrier = "sf", trackingNo = "SF1234567890" }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await shopper.PostAsJsonAsync($"/api/seller/orders/{orderId}/shipments", new { carrier = "sf", trackingNo = "SF1234567890" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.That((await Shop.OrderAsync(shopper, orderId)).GetProperty("status").GetString(), Is.EqualTo("paid"));
    }
}
