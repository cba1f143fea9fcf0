namespace SocialCommerce.EndToEnd.Tests.Orders;

/// <summary>
/// The durable timers, against an order service restarted with seconds instead of 15 minutes and 7 days (and put
/// back afterwards), so the real scan runs rather than a shortcut.
/// </summary>
public sealed class OrderTimerTests
{
    [OneTimeSetUp]
    public Task ShortTimersAsync() => Platform.Instance.RestartOrderAsync(new Dictionary<string, string>
    {
        ["Order__PaymentTimeout"] = "00:00:04",
        ["Order__AutoCompleteAfter"] = "00:00:04",
        ["Order__FlashSalePaymentTimeout"] = "00:00:03",
    });

    [OneTimeTearDown]
    public Task DefaultTimersAsync() => Platform.Instance.RestartOrderAsync();

    [Test]
    public async Task UnpaidOrder_PastPaymentTimeout_CancelledAndStockBack()
    {
        var skus = await Shop.TakeSkusAsync(1);
        using var shopper = await Shop.NewShopperAsync();
        var before = await Shop.AvailableAsync(skus[0].Id);
        var placed = await Shop.PlaceAsync(shopper, (skus[0].Id, 3));
        Assert.That(await Shop.AvailableAsync(skus[0].Id), Is.EqualTo(before - 3));

        var order = await Shop.WaitForStatusAsync(shopper, placed.OrderId, "cancelled");

        Assert.Multiple(async () =>
        {
            Assert.That(order.GetProperty("cancelReason").GetString(), Is.EqualTo("expired"));
            Assert.That(await Eventually.WaitForAsync(() => Shop.AvailableAsync(skus[0].Id), a => a == before), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task FlashSaleOrder_UnpaidPastItsWindow_CancelledAndUnitBackInQuota()
    {
        var sku = (await Shop.TakeSkusAsync(1))[0];
        using var merchant = await Shop.MerchantAsync();
        var campaignId = await FlashSale.CampaignAsync(merchant, sku, quota: 1, perUserLimit: 1);
        using var shopper = await Shop.NewShopperAsync();
        var placed = await FlashSale.BoughtAsync(shopper, await FlashSale.BuyAsync(shopper, campaignId));
        var leftWhileUnpaid = await FlashSale.LeftAsync(campaignId);

        var order = await Shop.WaitForStatusAsync(shopper, placed.OrderId, "cancelled");

        Assert.Multiple(async () =>
        {
            Assert.That(leftWhileUnpaid, Is.Zero);
            Assert.That(order.GetProperty("cancelReason").GetString(), Is.EqualTo("expired"));
            Assert.That(await FlashSale.LeftAsync(campaignId), Is.EqualTo(1), "the unpaid place went back to the quota");
            Assert.That(await Shop.OrderScalarAsync(
                "SELECT quantity FROM flash_sale_buyers WHERE campaign_id = @campaignId", new { campaignId }), Is.Zero, "and off the buyer's limit");
        });
    }

    [Test]
    public async Task DeliveredOrder_NotConfirmed_AutoCompleted()
    {
        var skus = await Shop.TakeSkusAsync(1);
        using var shopper = await Shop.NewShopperAsync();
        using var merchant = await Shop.MerchantAsync();

        var orderId = await AfterSalesJourneyTests.DeliveredOrderAsync(shopper, merchant, (skus[0].Id, 1));
        var order = await Shop.WaitForStatusAsync(shopper, orderId, "completed");

        Assert.That(order.GetProperty("history").EnumerateArray().Last().GetProperty("note").GetString(), Is.EqualTo("auto-completed"));
    }
}
