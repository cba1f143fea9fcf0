using System.Net.Http.Json;
using System.Text.Json;

namespace SocialCommerce.EndToEnd.Tests.Orders;

/// <summary>What the payment callbacks do to orders: late money goes back, declines cancel, repeats change nothing.</summary>
public sealed class PaymentJourneyTests
{
    [TearDown]
    public Task ResetSandboxAsync() => Sandbox.ResetAsync();

    [Test]
    public async Task Pay_AfterShopperCancelled_RefundedAutomaticallyAndStockBack()
    {
        var skus = await Shop.TakeSkusAsync(1);
        using var shopper = await Shop.NewShopperAsync();
        var before = await Shop.AvailableAsync(skus[0].Id);
        var placed = await Shop.PlaceAsync(shopper, (skus[0].Id, 2));
        var cancel = await shopper.PostAsync($"/api/order/orders/{placed.OrderId}/cancel", null);
        Assert.That(cancel.IsSuccessStatusCode, Is.True, await cancel.Content.ReadAsStringAsync());
        await Eventually.WaitForAsync(() => Shop.AvailableAsync(skus[0].Id), available => available == before);

        await Shop.PressAsync(placed.PayUrl);

        var order = await Eventually.WaitForAsync(() => Shop.OrderAsync(shopper, placed.OrderId),
            o => o.GetProperty("refunds").EnumerateArray().Any(r => r.GetProperty("status").GetString() == "succeeded"), TimeSpan.FromSeconds(30));
        var paymentId = placed.Body.GetProperty("payment").GetProperty("paymentId").GetGuid();
        var payment = await shopper.GetFromJsonAsync<JsonElement>($"/api/payment/payments/{paymentId}");
        Assert.Multiple(async () =>
        {
            Assert.That(order.GetProperty("status").GetString(), Is.EqualTo("cancelled"));
            Assert.That(order.GetProperty("refunds").GetArrayLength(), Is.EqualTo(1), order.ToString());
            Assert.That(order.GetProperty("refunds")[0].GetProperty("kind").GetString(), Is.EqualTo("late-payment"));
            Assert.That(order.GetProperty("refunded").GetProperty("amount").GetInt64(), Is.EqualTo(placed.Total));
            Assert.That(payment.GetProperty("status").GetString(), Is.EqualTo("refunded"));
            Assert.That(await Shop.OrderPaidEventsAsync(placed.OrderId), Is.Zero);
            Assert.That(await Shop.AvailableAsync(skus[0].Id), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task Decline_OnPayPage_OrderCancelledAndStockBack()
    {
        var skus = await Shop.TakeSkusAsync(1);
        using var shopper = await Shop.NewShopperAsync();
        var before = await Shop.AvailableAsync(skus[0].Id);
        var placed = await Shop.PlaceAsync(shopper, (skus[0].Id, 1));

        await Shop.PressAsync(placed.PayUrl, pay: false);

        var order = await Shop.WaitForStatusAsync(shopper, placed.OrderId, "cancelled");
        Assert.That(order.GetProperty("cancelReason").GetString(), Is.EqualTo("payment-failed"));
        Assert.That(await Eventually.WaitForAsync(() => Shop.AvailableAsync(skus[0].Id), available => available == before), Is.EqualTo(before));
    }

    [Test]
    public async Task Callbacks_TripledReorderedAndLate_OnePaymentOneOrderPaidOneRefund()
    {
        var skus = await Shop.TakeSkusAsync(1);
        using var shopper = await Shop.NewShopperAsync();
        await Sandbox.BehaveAsync(copies: 3, reorder: true, delayMs: 1500);
        var started = DateTimeOffset.UtcNow;
        var placed = await Shop.PlaceAsync(shopper, (skus[0].Id, 1));

        await Shop.PressAsync(placed.PayUrl);
        await Shop.WaitForStatusAsync(shopper, placed.OrderId, "paid");
        var cancel = await shopper.PostAsync($"/api/order/orders/{placed.OrderId}/cancel", null);
        Assert.That(cancel.IsSuccessStatusCode, Is.True, await cancel.Content.ReadAsStringAsync());
        var order = await Eventually.WaitForAsync(() => Shop.OrderAsync(shopper, placed.OrderId),
            o => o.GetProperty("refunds").EnumerateArray().Any(r => r.GetProperty("status").GetString() == "succeeded"), TimeSpan.FromSeconds(30));
        // Every copy delivered (each answered 2xx, so payment-adapter has applied or skipped it): they must have changed nothing.
        var delivered = await Eventually.WaitForAsync(() => Sandbox.DeliveredCallbacksAsync(started),
            types => types.Count(type => type == "payment.succeeded") >= 3 && types.Count(type => type.StartsWith("refund", StringComparison.Ordinal)) >= 3,
            TimeSpan.FromSeconds(30));
        order = await Shop.OrderAsync(shopper, placed.OrderId);
        Assert.Multiple(async () =>
        {
            Assert.That(delivered.Count(type => type == "payment.succeeded"), Is.GreaterThanOrEqualTo(3), "the sandbox really sent copies");
            Assert.That(delivered.Count(type => type.StartsWith("refund", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(3));
            Assert.That(await Shop.OrderPaidEventsAsync(placed.OrderId), Is.EqualTo(1));
            Assert.That(order.GetProperty("paid").GetProperty("amount").GetInt64(), Is.EqualTo(placed.Total), "paid once");
            Assert.That(order.GetProperty("refunds").GetArrayLength(), Is.EqualTo(1));
            Assert.That(order.GetProperty("refunded").GetProperty("amount").GetInt64(), Is.EqualTo(placed.Total), "refunded once");
            Assert.That(await Shop.OrderScalarAsync(
                "SELECT count(*) FROM outbox_messages WHERE message_type LIKE 'SocialCommerce.Contracts.Events.Order.RefundCompleted,%' AND body->>'orderId' = @id",
                new { id = placed.OrderId.ToString() }), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task CancelAndPay_AtTheSameMoment_EveryOrderCancelledWithItsMoneyBackOnce()
    {
        var skus = await Shop.TakeSkusAsync(1);
        using var shopper = await Shop.NewShopperAsync();
        var before = await Shop.AvailableAsync(skus[0].Id);
        var placed = new List<Placed>();
        for (var i = 0; i < 6; i++) placed.Add(await Shop.PlaceAsync(shopper, (skus[0].Id, 1)));

        await Task.WhenAll(placed.SelectMany(order => new[]
        {
            Shop.PressAsync(order.PayUrl),
            shopper.PostAsync($"/api/order/orders/{order.OrderId}/cancel", null),
        }));

        // Whichever won, the order ends cancelled and the money goes back exactly once: a cancel after the payment refunds
        // it as a cancellation, a payment after the cancel as a late payment.
        foreach (var order in placed)
        {
            var settled = await Eventually.WaitForAsync(() => Shop.OrderAsync(shopper, order.OrderId),
                o => o.GetProperty("refunds").GetArrayLength() == 1 && o.GetProperty("refunds")[0].GetProperty("status").GetString() == "succeeded",
                TimeSpan.FromSeconds(30));
            Assert.Multiple(async () =>
            {
                Assert.That(settled.GetProperty("status").GetString(), Is.EqualTo("cancelled"), settled.ToString());
                Assert.That(settled.GetProperty("paid").GetProperty("amount").GetInt64(), Is.EqualTo(order.Total));
                Assert.That(settled.GetProperty("refunded").GetProperty("amount").GetInt64(), Is.EqualTo(order.Total));
                Assert.That(await Shop.OrderPaidEventsAsync(order.OrderId), Is.LessThanOrEqualTo(1));
            });
        }

        Assert.That(await Eventually.WaitForAsync(() => Shop.AvailableAsync(skus[0].Id), a => a == before), Is.EqualTo(before),
            "released or restocked, never both");
    }
}
