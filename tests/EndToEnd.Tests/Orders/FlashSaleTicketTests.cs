using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialCommerce.EndToEnd.Tests.Orders;

/// <summary>
/// A flash-sale attempt is answered at admission with a ticket (202); the ticket's order is placed afterwards and the
/// buyer learns it from the ticket or finds it in their orders. Through the gateway, against the real platform.
/// </summary>
public sealed class FlashSaleTicketTests
{
    // One sale for the tests that only need one running (a campaign holds its SKU for an hour, and the suite's demo SKUs are
    // counted); each test buys as shoppers of its own.
    private Sku sku = null!;
    private Guid campaignId;

    [OneTimeSetUp]
    public async Task SaleAsync() => (sku, campaignId) = await FlashSale.SaleOnOwnSkuAsync(quota: 20, perUserLimit: 2);

    [Test]
    public async Task Buy_Admitted_TicketAnsweredAtOnceAndItsOrderPlacedInMyOrders()
    {
        using var shopper = await Shop.NewShopperAsync();

        using var response = await FlashSale.BuyAsync(shopper, campaignId, quantity: 2);
        var ticket = await FlashSale.TicketOfAsync(response);
        var ticketId = ticket.GetProperty("ticketId").GetGuid();
        var placed = await FlashSale.WaitForTicketAsync(shopper, ticketId, "placed");
        var order = placed.GetProperty("order");
        var mine = await shopper.GetFromJsonAsync<JsonElement>("/api/order/orders");

        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/order/flash-sales/tickets/{ticketId}"));
            Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(ticket.GetProperty("status").GetString(), Is.EqualTo("queued"));
            Assert.That(ticket.GetProperty("campaignId").GetGuid(), Is.EqualTo(campaignId));
            Assert.That(ticket.GetProperty("quantity").GetInt32(), Is.EqualTo(2));
            Assert.That(order.GetProperty("orderId").GetGuid(), Is.EqualTo(ticketId), "the ticket id is the order's id");
            Assert.That(order.GetProperty("status").GetString(), Is.EqualTo("awaiting-payment"));
            Assert.That(order.GetProperty("total").GetProperty("amount").GetInt64(), Is.EqualTo(sku.Price / 2 * 2), "the campaign price");
            Assert.That(order.GetProperty("payment").GetProperty("payUrl").GetString(), Does.StartWith("http"));
            Assert.That(mine.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("orderId").GetGuid()), Does.Contain(ticketId));
        });
        await Shop.PressAsync(order.GetProperty("payment").GetProperty("payUrl").GetString()!);
        await Shop.WaitForStatusAsync(shopper, ticketId, "paid");
    }

    [Test]
    public async Task Ticket_AnotherShoppers_NotFound()
    {
        using var buyer = await Shop.NewShopperAsync();
        using var other = await Shop.NewShopperAsync();
        var ticketId = (await FlashSale.TicketOfAsync(await FlashSale.BuyAsync(buyer, campaignId))).GetProperty("ticketId").GetGuid();

        using var peek = await other.GetAsync($"/api/order/flash-sales/tickets/{ticketId}");
        using var unknown = await buyer.GetAsync($"/api/order/flash-sales/tickets/{Guid.CreateVersion7()}");

        await peek.AssertProblemAsync(HttpStatusCode.NotFound);
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Buy_SameKeyAgain_SameTicketAndOneOrder()
    {
        using var shopper = await Shop.NewShopperAsync();
        var key = Guid.NewGuid().ToString();

        // Three at once (a double tap and a retry), then one after the order exists.
        var first = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => FlashSale.BuyAsync(shopper, campaignId, key: key)));
        var tickets = new List<Guid>();
        foreach (var answer in first) tickets.Add((await FlashSale.TicketOfAsync(answer)).GetProperty("ticketId").GetGuid());
        await FlashSale.WaitForTicketAsync(shopper, tickets[0], "placed");
        var later = await FlashSale.TicketOfAsync(await FlashSale.BuyAsync(shopper, campaignId, key: key));
        var otherQuantity = await FlashSale.BuyAsync(shopper, campaignId, quantity: 2, key: key);

        Assert.Multiple(async () =>
        {
            Assert.That(tickets.Distinct().ToList(), Has.Count.EqualTo(1));
            Assert.That(later.GetProperty("ticketId").GetGuid(), Is.EqualTo(tickets[0]));
            Assert.That(later.GetProperty("status").GetString(), Is.EqualTo("placed"), "a repeat after the order exists gets it");
            Assert.That(later.GetProperty("order").GetProperty("orderId").GetGuid(), Is.EqualTo(tickets[0]));
            Assert.That(await ShoppersAsync("SELECT count(*) FROM flash_sale_admissions a", key), Is.EqualTo(1), "one admission for the key");
            Assert.That(await ShoppersAsync("SELECT count(*) FROM orders a", key), Is.EqualTo(1), "one order");
            Assert.That((await otherQuantity.AssertProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString(),
                Is.EqualTo("idempotency-key-reused"));
        });
    }

    [Test]
    public async Task Ticket_NoStockLeftAtCatalog_RefusedAndUnitsBackInQuota()
    {
        using var merchant = await Shop.MerchantAsync();
        using var shopper = await Shop.NewShopperAsync();
        var (leftBefore, admittedBefore, soldBefore, stock) =
            (await FlashSale.LeftAsync(campaignId), await FlashSale.AdmittedAsync(campaignId), await FlashSale.SoldAsync(campaignId), await Shop.AvailableAsync(sku.Id));
        // The merchant sold the stock elsewhere after announcing the sale: catalog refuses the ticket's reservation.
        await Shop.SetStockAsync(merchant, sku.Id, 0);

        JsonElement refused;
        try
        {
            var ticket = await FlashSale.TicketOfAsync(await FlashSale.BuyAsync(shopper, campaignId, quantity: 2));
            refused = await FlashSale.WaitForTicketAsync(shopper, ticket.GetProperty("ticketId").GetGuid(), "refused");
        }
        finally
        {
            // Stock back, for the sale's other tests and so the SKU stays in the list the suite takes from (Shop.TakeSkusAsync).
            await Shop.SetStockAsync(merchant, sku.Id, stock);
        }

        Assert.Multiple(async () =>
        {
            Assert.That(refused.GetProperty("problem").GetProperty("code").GetString(), Is.EqualTo("out-of-stock"));
            Assert.That(await FlashSale.LeftAsync(campaignId), Is.EqualTo(leftBefore), "the units went back to the quota");
            Assert.That(await FlashSale.AdmittedAsync(campaignId), Is.EqualTo(admittedBefore));
            Assert.That(await FlashSale.SoldAsync(campaignId), Is.EqualTo(soldBefore));
        });
    }

    /// <summary>Rows of the shared sale (<paramref name="from"/>, aliased a) of the user who used <paramref name="key"/>.</summary>
    private Task<long> ShoppersAsync(string from, string key) =>
        Shop.OrderScalarAsync(
            $"{from} WHERE a.campaign_id = @campaignId AND a.user_id = (SELECT user_id FROM checkout_requests WHERE idempotency_key = @key)",
            new { campaignId, key });
}
