namespace SocialCommerce.EndToEnd.Tests.Orders;

/// <summary>
/// The order service is SIGKILLed (kill -9) after it took the payment event and paid the order in its transaction but
/// before that transaction committed OrderPaid; restarted, it gets the event again and pays the order exactly once.
/// </summary>
public sealed class OrderCrashTests
{
    [OneTimeTearDown]
    public Task NormalServiceAsync() => Platform.Instance.RestartOrderAsync();

    [Test]
    public async Task Killed_BetweenPaymentEventAndOrderPaid_RestartedOrderPaidOnce()
    {
        var skus = await Shop.TakeSkusAsync(1);
        using var shopper = await Shop.NewShopperAsync();
        await Platform.Instance.RestartOrderAsync(new Dictionary<string, string> { ["Faults__KillBeforeCommit"] = "PaymentSucceededConsumer" });
        var placed = await Shop.PlaceAsync(shopper, (skus[0].Id, 1));

        await Shop.PressAsync(placed.PayUrl);
        await Platform.Instance.Order.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var exitCode = Platform.Instance.Order.ExitCode;
        var paidWhileDead = await Shop.OrderScalarAsync("SELECT count(*) FROM orders WHERE id = @OrderId AND status = 'paid'", new { placed.OrderId });
        await Platform.Instance.RestartOrderAsync();
        var order = await Shop.WaitForStatusAsync(shopper, placed.OrderId, "paid");

        Assert.Multiple(async () =>
        {
            Assert.That(exitCode, Is.EqualTo(137), "SIGKILL, no graceful shutdown");
            Assert.That(paidWhileDead, Is.Zero, "the killed transaction left nothing behind");
            Assert.That(await Shop.OrderPaidEventsAsync(placed.OrderId), Is.EqualTo(1));
            Assert.That(order.GetProperty("history").EnumerateArray().Count(h => h.GetProperty("status").GetString() == "paid"), Is.EqualTo(1));
        });
    }
}
