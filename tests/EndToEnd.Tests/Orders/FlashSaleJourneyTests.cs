using System.Net;
using System.Text.Json;

namespace SocialCommerce.EndToEnd.Tests.Orders;

/// <summary>Flash sales (秒杀) through the gateway: a rush on one SKU sells the quota exactly, and unpaid places come back.</summary>
public sealed class FlashSaleJourneyTests
{
    [Test]
    public async Task Rush_TwoThousandConcurrentAttemptsOnAHundredUnits_SellsExactlyAHundred()
    {
        var sku = (await Shop.TakeSkusAsync(1))[0];
        using var merchant = await Shop.MerchantAsync();
        await Shop.SetStockAsync(merchant, sku.Id, 1000);
        var campaignId = await FlashSale.CampaignAsync(merchant, sku, quota: 100, perUserLimit: 5);
        // Accounts one after another: sign-up hashes passwords, and many at once only measure the CPU.
        var shoppers = new List<HttpClient>();
        for (var i = 0; i < 40; i++) shoppers.Add(await Shop.NewShopperAsync());

        var answers = await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => FlashSale.BuyAsRealClientsDoAsync(shoppers[i % shoppers.Count], campaignId)));

        var admitted = answers.Select((answer, i) => (Answer: answer, Shopper: shoppers[i % shoppers.Count]))
            .Where(a => a.Answer.StatusCode == HttpStatusCode.Accepted).ToList();
        var codes = new List<string>();
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Accepted))
        {
            var status = refused.StatusCode;
            Assert.That(status, Is.AnyOf(HttpStatusCode.Conflict, HttpStatusCode.TooManyRequests), await refused.Content.ReadAsStringAsync());
            codes.Add((await refused.AssertProblemAsync(status)).GetProperty("code").GetString()!);
        }

        var orderIds = new HashSet<Guid>();
        foreach (var (answer, shopper) in admitted) orderIds.Add((await FlashSale.BoughtAsync(shopper, answer)).OrderId);
        Assert.Multiple(async () =>
        {
            Assert.That(admitted, Has.Count.EqualTo(100), "exactly the quota admitted");
            Assert.That(orderIds, Has.Count.EqualTo(100), "one order per admission");
            Assert.That(codes.Distinct(), Is.SubsetOf(new[] { "sold-out", "per-user-limit" }));
            Assert.That(await FlashSale.SoldAsync(campaignId), Is.EqualTo(100));
            Assert.That(await FlashSale.AdmittedAsync(campaignId), Is.EqualTo(100));
            Assert.That(await FlashSale.LeftAsync(campaignId), Is.Zero);
            Assert.That(await Shop.OrderScalarAsync(
                "SELECT count(*) FROM flash_sale_buyers WHERE campaign_id = @campaignId AND quantity > 5", new { campaignId }), Is.Zero);
            Assert.That(await Shop.AvailableAsync(sku.Id), Is.EqualTo(900), "catalog reserved exactly the units sold");
        });
        foreach (var shopper in shoppers) shopper.Dispose();
    }

    [Test]
    public async Task LastUnit_CancelledUnpaid_ReturnsToQuotaAndSellsAgain()
    {
        var sku = (await Shop.TakeSkusAsync(1))[0];
        using var merchant = await Shop.MerchantAsync();
        var campaignId = await FlashSale.CampaignAsync(merchant, sku, quota: 2, perUserLimit: 2);
        using var first = await Shop.NewShopperAsync();
        using var second = await Shop.NewShopperAsync();
        var key = Guid.NewGuid().ToString();
        var bought = await FlashSale.BoughtAsync(first, await FlashSale.BuyAsync(first, campaignId, quantity: 2, key: key));
        var soldOut = await FlashSale.BuyAsync(second, campaignId);
        var repeat = await FlashSale.BoughtAsync(first, await FlashSale.BuyAsync(first, campaignId, quantity: 2, key: key));

        var cancel = await first.PostAsync($"/api/order/orders/{bought.OrderId}/cancel", null);
        Assert.That(cancel.IsSuccessStatusCode, Is.True, await cancel.Content.ReadAsStringAsync());
        var left = await FlashSale.LeftAsync(campaignId);
        // The sold-out answer is remembered for a second: the returned units sell once it lapses.
        var again = await Eventually.WaitForAsync(() => FlashSale.BuyAsync(second, campaignId), r => r.StatusCode == HttpStatusCode.Accepted);

        Assert.Multiple(async () =>
        {
            Assert.That(bought.Total, Is.EqualTo(sku.Price / 2 * 2), "the flash-sale price");
            Assert.That(bought.Body.GetProperty("expiresAt").GetDateTimeOffset(), Is.LessThan(DateTimeOffset.UtcNow.AddMinutes(6)), "a short window to pay");
            Assert.That(repeat.OrderId, Is.EqualTo(bought.OrderId), "a repeat of the key after the sell-out gets its order");
            Assert.That(left, Is.EqualTo(2));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await again.Content.ReadAsStringAsync());
            Assert.That(await FlashSale.AdmittedAsync(campaignId), Is.EqualTo(1));
        });
        Assert.That((await soldOut.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString(), Is.EqualTo("sold-out"));
    }

    [Test]
    public async Task Buy_QuantityLargerThanAnyBucket_TakenAcrossBucketsAndTooFewLeftIsNotSoldOut()
    {
        var sku = (await Shop.TakeSkusAsync(1))[0];
        using var merchant = await Shop.MerchantAsync();
        // Three units make three buckets of one: a purchase of two can only be served by taking from two of them.
        var campaignId = await FlashSale.CampaignAsync(merchant, sku, quota: 3, perUserLimit: 3);
        using var first = await Shop.NewShopperAsync();
        using var second = await Shop.NewShopperAsync();

        var bought = await FlashSale.BoughtAsync(first, await FlashSale.BuyAsync(first, campaignId, quantity: 2));
        var tooMany = await FlashSale.BuyAsync(second, campaignId, quantity: 2);
        var lastOne = await FlashSale.BuyAsync(second, campaignId, quantity: 1);
        var cancel = await first.PostAsync($"/api/order/orders/{bought.OrderId}/cancel", null);

        Assert.That((await tooMany.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString(), Is.EqualTo("sold-out"));
        Assert.Multiple(async () =>
        {
            Assert.That(await Shop.OrderScalarAsync("SELECT count(*) FROM flash_sale_buckets WHERE campaign_id = @campaignId", new { campaignId }),
                Is.EqualTo(3));
            Assert.That(lastOne.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "one unit was left: the refusal of two did not mark the sale sold out");
            Assert.That(cancel.IsSuccessStatusCode, Is.True);
            Assert.That(await FlashSale.LeftAsync(campaignId), Is.EqualTo(2), "both units of the cancelled order back");
            Assert.That(await FlashSale.AdmittedAsync(campaignId), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Buy_BadInputNotRunningOrOverLimit_RefusedAndNothingChanges()
    {
        var sku = (await Shop.TakeSkusAsync(1))[0];
        using var merchant = await Shop.MerchantAsync();
        var later = await FlashSale.CampaignAsync(merchant, sku, quota: 5, perUserLimit: 1, startIn: TimeSpan.FromHours(2));
        var groupBuy = await GroupBuy.CampaignAsync(merchant, (await Shop.TakeSkusAsync(1))[0], teamSize: 2, TimeSpan.FromHours(1));
        var running = await FlashSale.CampaignAsync(merchant, (await Shop.TakeSkusAsync(1))[0], quota: 5, perUserLimit: 1);
        using var shopper = await Shop.NewShopperAsync();
        await FlashSale.BoughtAsync(shopper, await FlashSale.BuyAsync(shopper, running));

        var notStarted = await FlashSale.BuyAsync(shopper, later);
        var notFlash = await FlashSale.BuyAsync(shopper, groupBuy);
        var tooMany = await FlashSale.BuyAsync(shopper, running, quantity: 2);
        var overLimit = await FlashSale.BuyAsync(shopper, running);
        using var anonymous = GatewayClient.Create();
        var signedOut = await FlashSale.BuyAsync(anonymous, running);

        Assert.That((await notStarted.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString(), Is.EqualTo("campaign-not-running"));
        await notFlash.AssertProblemAsync(HttpStatusCode.NotFound);
        await tooMany.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That((await overLimit.AssertProblemAsync(HttpStatusCode.TooManyRequests)).GetProperty("code").GetString(), Is.EqualTo("per-user-limit"));
        await signedOut.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Multiple(async () =>
        {
            Assert.That(await FlashSale.LeftAsync(running), Is.EqualTo(4), "only the first purchase took a unit");
            Assert.That(await FlashSale.AdmittedAsync(running), Is.EqualTo(1));
            Assert.That(await FlashSale.LeftAsync(later), Is.Zero, "a campaign not started has no buckets yet");
        });
    }

    [Test]
    public async Task Admission_CheckoutDiedBeforeItsOrder_SweptBackToQuota()
    {
        var sku = (await Shop.TakeSkusAsync(1))[0];
        using var merchant = await Shop.MerchantAsync();
        var campaignId = await FlashSale.CampaignAsync(merchant, sku, quota: 3, perUserLimit: 3);
        using var shopper = await Shop.NewShopperAsync();
        await FlashSale.BoughtAsync(shopper, await FlashSale.BuyAsync(shopper, campaignId));
        // A checkout killed right after its admission, two minutes ago: the units are taken, no order was written.
        var orphan = Guid.CreateVersion7();
        var outcome = await OrderTextAsync(
            "SELECT order_flash_admit(@orphan, @campaignId, gen_random_uuid(), 2, 3, 0, now() - interval '2 minutes')", new { orphan, campaignId });

        var left = await Eventually.WaitForAsync(() => FlashSale.LeftAsync(campaignId), l => l == 2);

        Assert.Multiple(async () =>
        {
            Assert.That(outcome, Is.EqualTo("admitted"));
            Assert.That(left, Is.EqualTo(2));
            Assert.That(await OrderTextAsync("SELECT state FROM flash_sale_admissions WHERE order_id = @orphan", new { orphan }), Is.EqualTo("returned"),
                "taken by the admission, then given back by the sweep");
        });
    }

    private static async Task<string?> OrderTextAsync(string sql, object args)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Platform.Instance.OrderDatabase);
        return await Dapper.SqlMapper.ExecuteScalarAsync<string>(connection, sql, args);
    }
}
