using System.Net;

namespace SocialCommerce.EndToEnd.Tests.Orders;

/// <summary>
/// The order service SIGKILLed (kill -9) while flash-sale tickets' orders are being placed: restarted, every admitted
/// ticket ends with exactly one order, none is lost or doubled, and the quota's units add up. The lease is shortened so a
/// restarted service takes back the killed one's calls within seconds instead of minutes.
/// </summary>
public sealed class FlashSaleCrashTests
{
    private static readonly Dictionary<string, string> ShortLease = new() { ["Order__FlashSaleOrderLease"] = "00:00:05" };

    // One sale for both tests (a campaign holds its SKU for an hour, and the suite's demo SKUs are counted); each test
    // counts what it changed.
    private Sku sku = null!;
    private Guid campaignId;

    // Enough stock that the sale leaves the SKU in the list other tests take theirs from (Shop.TakeSkusAsync).
    [OneTimeSetUp]
    public async Task SaleAsync() => (sku, campaignId) = await FlashSale.SaleOnOwnSkuAsync(quota: 50, perUserLimit: 4, stock: 1000);

    [OneTimeTearDown]
    public Task NormalServiceAsync() => Platform.Instance.RestartOrderAsync();

    [Test]
    public async Task Killed_AfterTheOrderWasPlacedBeforeItsCallWasDone_RestartedPlacesNothingTwice()
    {
        using var shopper = await Shop.NewShopperAsync();
        var (soldBefore, availableBefore) = (await FlashSale.SoldAsync(campaignId), await Shop.AvailableAsync(sku.Id));
        await Platform.Instance.RestartOrderAsync(new Dictionary<string, string>(ShortLease) { ["Faults__KillAfterOwedCall"] = "place-flash-sale-order" });

        var ticketId = (await FlashSale.TicketOfAsync(await FlashSale.BuyAsync(shopper, campaignId))).GetProperty("ticketId").GetGuid();
        await Platform.Instance.Order.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var exitCode = Platform.Instance.Order.ExitCode;
        var killedAt = DateTimeOffset.UtcNow;
        var answeredWhileDead = await Shop.OrderScalarAsync(
            "SELECT count(*) FROM checkout_requests r JOIN orders o ON o.id = r.order_id WHERE r.order_id = @ticketId AND r.status_code = 201", new { ticketId });
        var callOwedWhileDead = await Shop.OrderScalarAsync("SELECT count(*) FROM owed_calls WHERE id = @ticketId AND done_at IS NULL", new { ticketId });
        await Platform.Instance.RestartOrderAsync(ShortLease);
        var doneAfterRestart = await Eventually.WaitForAsync(() => Shop.OrderScalarAsync(
            "SELECT count(*) FROM owed_calls WHERE id = @ticketId AND done_at > @killedAt", new { ticketId, killedAt }), n => n > 0, TimeSpan.FromSeconds(60));
        var ticket = await FlashSale.WaitForTicketAsync(shopper, ticketId, "placed");

        Assert.Multiple(async () =>
        {
            Assert.That(exitCode, Is.EqualTo(137), "SIGKILL, no graceful shutdown");
            Assert.That(answeredWhileDead, Is.EqualTo(1), "the order was written and the ticket answered before the kill");
            Assert.That(callOwedWhileDead, Is.EqualTo(1), "but the call was still owed");
            Assert.That(doneAfterRestart, Is.EqualTo(1), "so it was made again after the restart");
            Assert.That(ticket.GetProperty("order").GetProperty("orderId").GetGuid(), Is.EqualTo(ticketId));
            Assert.That(await FlashSale.SoldAsync(campaignId), Is.EqualTo(soldBefore + 1), "one order, not two");
            Assert.That(await Shop.OrderScalarAsync(
                "SELECT count(*) FROM outbox_messages WHERE message_type LIKE 'SocialCommerce.Contracts.Events.Order.OrderPlaced,%' AND body->>'orderId' = @id",
                new { id = ticketId.ToString() }), Is.EqualTo(1));
            Assert.That(await Shop.AvailableAsync(sku.Id), Is.EqualTo(availableBefore - 1), "catalog reserved the unit once");
        });
    }

    [Test]
    public async Task Killed_WhileTicketsAreBeingPlaced_RestartedEveryTicketGetsExactlyOneOrder()
    {
        const int quota = 40;
        var (ordersBefore, leftBefore, availableBefore) =
            (await CampaignOrdersAsync(campaignId), await FlashSale.LeftAsync(campaignId), await Shop.AvailableAsync(sku.Id));
        var shoppers = new List<HttpClient>();
        for (var i = 0; i < 10; i++) shoppers.Add(await Shop.NewShopperAsync());
        // One ticket at a time, so the kill lands while most are still queued or in flight.
        await Platform.Instance.RestartOrderAsync(new Dictionary<string, string>(ShortLease) { ["Order__FlashSaleOrderParallel"] = "1" });

        var answers = await Task.WhenAll(Enumerable.Range(0, quota).Select(i => FlashSale.BuyAsync(shoppers[i % shoppers.Count], campaignId)));
        var admitted = answers.Count(a => a.StatusCode == HttpStatusCode.Accepted);
        await Eventually.WaitForAsync(() => CampaignOrdersAsync(campaignId), n => n > ordersBefore, TimeSpan.FromSeconds(30));
        Platform.Instance.Order.Kill();
        await Platform.Instance.Order.WaitForExitAsync(TimeSpan.FromSeconds(10));
        var ordersAtKill = await CampaignOrdersAsync(campaignId);
        await Platform.Instance.RestartOrderAsync(ShortLease);
        var orders = await Eventually.WaitForAsync(() => CampaignOrdersAsync(campaignId), n => n >= ordersBefore + quota, TimeSpan.FromSeconds(90)) - ordersBefore;

        Assert.Multiple(async () =>
        {
            Assert.That(admitted, Is.EqualTo(quota), "every attempt fit the quota and was admitted");
            Assert.That(ordersAtKill - ordersBefore, Is.LessThan(quota), "the kill came before every ticket was placed");
            Assert.That(orders, Is.EqualTo(quota), "exactly one order per ticket");
            Assert.That(await Shop.OrderScalarAsync(
                """
                SELECT count(*) FROM flash_sale_admissions a
                WHERE a.campaign_id = @campaignId AND (a.state <> 'ordered' OR NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = a.order_id))
                """, new { campaignId }), Is.Zero, "every admission has its order");
            Assert.That(await FlashSale.LeftAsync(campaignId), Is.EqualTo(leftBefore - quota), "no unit taken twice");
            Assert.That(await Shop.AvailableAsync(sku.Id), Is.EqualTo(availableBefore - quota), "catalog reserved each unit once");
        });
        foreach (var shopper in shoppers) shopper.Dispose();
    }

    private static Task<long> CampaignOrdersAsync(Guid campaignId) =>
        Shop.OrderScalarAsync("SELECT count(*) FROM orders WHERE campaign_id = @campaignId", new { campaignId });
}
