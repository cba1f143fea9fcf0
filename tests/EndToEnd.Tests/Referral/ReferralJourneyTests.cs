using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SocialCommerce.EndToEnd.Tests.Orders;

namespace SocialCommerce.EndToEnd.Tests.Referral;

/// <summary>
/// Referral (分销) through the gateway: A invites B at sign-up, B invites C through the API, C buys; A earns at tier 2 and
/// B at tier 1, at the default rules (10 % and 5 %, rounded down to the fen), frozen.
/// </summary>
public sealed class ReferralJourneyTests
{
    [Test]
    public async Task TwoTiers_InviteeOfInviteePays_BothReferrersSeeFrozenCommissionAtTheirRates()
    {
        var sku = (await Shop.TakeSkusAsync(1))[0];
        using var a = await Shop.NewShopperAsync();
        using var b = await Referral.InvitedShopperAsync(await Referral.CodeAsync(a));
        using var c = await Shop.NewShopperAsync();
        var bound = await Referral.BindAsync(c, (await Referral.CodeAsync(b)).ToLowerInvariant());
        Assert.That(bound.StatusCode, Is.EqualTo(HttpStatusCode.Created), await bound.Content.ReadAsStringAsync());

        var orderId = await Shop.PaidOrderAsync(c, (sku.Id, 3));

        var total = sku.Price * 3;
        var forB = await Eventually.WaitForAsync(() => Referral.CommissionsAsync(b), e => e.Length > 0);
        var forA = await Eventually.WaitForAsync(() => Referral.CommissionsAsync(a), e => e.Length > 0);
        Assert.Multiple(async () =>
        {
            Assert.That(forB.Single().GetProperty("orderId").GetGuid(), Is.EqualTo(orderId));
            Assert.That(forB.Single().GetProperty("tier").GetInt32(), Is.EqualTo(1));
            Assert.That(forB.Single().GetProperty("amount").GetProperty("amount").GetInt64(), Is.EqualTo(total * 1000 / 10_000));
            Assert.That(forB.Single().GetProperty("status").GetString(), Is.EqualTo("frozen"));
            Assert.That(forA.Single().GetProperty("tier").GetInt32(), Is.EqualTo(2));
            Assert.That(forA.Single().GetProperty("amount").GetProperty("amount").GetInt64(), Is.EqualTo(total * 500 / 10_000));
            Assert.That((await b.GetFromJsonAsync<JsonElement>("/api/referral/me/balance")).GetProperty("frozen").GetProperty("amount").GetInt64(),
                Is.EqualTo(total * 1000 / 10_000), "the balance is the ledger's sum");
            Assert.That(await Referral.CommissionsAsync(c), Is.Empty, "no commission on one's own purchase");
        });
    }

    [Test]
    public async Task Commission_CompletedWithdrawnAndOtherOrderHalfRefunded_PaidOutOnceAndHalfReversed()
    {
        var skus = await Shop.TakeSkusAsync(2);
        using var admin = await Shop.AdminAsync();
        using var merchant = await Shop.MerchantAsync();
        // No freeze, so completion makes commission available at the next settlement tick (1 s in tests), and a minimum of
        // 1 fen so that A's tier-2 share of a cheap order can be withdrawn; put back after.
        await using var rules = await Referral.RulesForTestAsync(admin, freezeDays: 0, minWithdrawal: 1);
        using var a = await Shop.NewShopperAsync();
        using var b = await Shop.NewShopperAsync();
        using var c = await Shop.NewShopperAsync();
        Assert.That((await Referral.BindAsync(b, await Referral.CodeAsync(a))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await Referral.BindAsync(c, await Referral.CodeAsync(b))).StatusCode, Is.EqualTo(HttpStatusCode.Created));

        var completed = await AfterSalesJourneyTests.DeliveredOrderAsync(c, merchant, (skus[0].Id, 2));
        Assert.That((await c.PostAsync($"/api/order/orders/{completed}/receipt", null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var refunded = await AfterSalesJourneyTests.DeliveredOrderAsync(c, merchant, (skus[1].Id, 4));
        await AfterSalesJourneyTests.RequestAndApproveAsync(c, merchant, refunded, new { lines = new[] { new { skuId = skus[1].Id, quantity = 2 } } });

        var (first, second) = (skus[0].Price * 2, skus[1].Price * 4);
        // Kept = commission on what is still paid, rounded down; the reversal is the rest.
        var reversedForB = second * 1000 / 10_000 - (second - skus[1].Price * 2) * 1000 / 10_000;
        var balanceB = await Eventually.WaitForAsync(() => BalanceAsync(b),
            x => x.Available == first * 1000 / 10_000 && x.Frozen == second * 1000 / 10_000 - reversedForB, TimeSpan.FromSeconds(40));
        var balanceA = await Eventually.WaitForAsync(() => BalanceAsync(a), x => x.Available == first * 500 / 10_000, TimeSpan.FromSeconds(20));
        var linesB = await Referral.CommissionsAsync(b);
        Assert.Multiple(() =>
        {
            Assert.That(balanceB.Available, Is.EqualTo(first * 1000 / 10_000), "the completed order's commission, after a freeze of 0 days");
            Assert.That(balanceB.Frozen, Is.EqualTo(second * 1000 / 10_000 - reversedForB), "the refunded order's commission, half clawed back");
            Assert.That(linesB.Count(l => l.GetProperty("status").GetString() == "reversed"), Is.EqualTo(1));
            Assert.That(linesB.Single(l => l.GetProperty("status").GetString() == "reversed").GetProperty("amount").GetProperty("amount").GetInt64(),
                Is.EqualTo(-reversedForB));
            Assert.That(balanceA.Available, Is.EqualTo(first * 500 / 10_000));
        });

        // A withdraws everything available: paid out through payment-adapter and the sandbox, once for two requests.
        var key = Guid.NewGuid().ToString();
        var withdrawn = await Referral.WithdrawAsync(a, balanceA.Available, key);
        var repeated = await Referral.WithdrawAsync(a, balanceA.Available, key);
        var afterA = await BalanceAsync(a);
        var linesA = await Referral.CommissionsAsync(a);
        // B's payout is declined by the provider: the withdrawal fails and the money is available again.
        await Orders.Sandbox.DeclinePayoutsAsync();
        JsonElement declined;
        try
        {
            declined = await Referral.WithdrawAsync(b, balanceB.Available, Guid.NewGuid().ToString());
        }
        finally
        {
            await Orders.Sandbox.ResetAsync();
        }

        var afterB = await BalanceAsync(b);
        Assert.Multiple(() =>
        {
            Assert.That(withdrawn.GetProperty("status").GetString(), Is.EqualTo("paid"));
            Assert.That(repeated.GetProperty("withdrawalId").GetGuid(), Is.EqualTo(withdrawn.GetProperty("withdrawalId").GetGuid()));
            Assert.That(afterA, Is.EqualTo((balanceA.Frozen, 0L, balanceA.Available)), "nothing left available, all of it withdrawn, once");
            Assert.That(linesA.First().GetProperty("status").GetString(), Is.EqualTo("withdrawn"));
            Assert.That(linesA.First().GetProperty("amount").GetProperty("amount").GetInt64(), Is.EqualTo(-balanceA.Available));
            Assert.That(declined.GetProperty("status").GetString(), Is.EqualTo("failed"));
            Assert.That(declined.GetProperty("failureReason").GetString(), Is.EqualTo("recipient-cannot-receive"));
            Assert.That(afterB, Is.EqualTo((balanceB.Frozen, balanceB.Available, 0L)), "a failed payout gives the money back");
        });
    }

    [Test]
    public async Task Withdraw_ProviderDownWhenAsked_PendingThenPaidOnceByTheRetry()
    {
        var sku = (await Shop.TakeSkusAsync(1))[0];
        using var admin = await Shop.AdminAsync();
        using var merchant = await Shop.MerchantAsync();
        await using var rules = await Referral.RulesForTestAsync(admin, freezeDays: 0, minWithdrawal: 1);
        using var a = await Shop.NewShopperAsync();
        using var b = await Referral.InvitedShopperAsync(await Referral.CodeAsync(a));
        var orderId = await AfterSalesJourneyTests.DeliveredOrderAsync(b, merchant, (sku.Id, 1));
        Assert.That((await b.PostAsync($"/api/order/orders/{orderId}/receipt", null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var commission = sku.Price * 1000 / 10_000;
        await Eventually.WaitForAsync(() => BalanceAsync(a), x => x.Available == commission, TimeSpan.FromSeconds(30));

        await Orders.Sandbox.GoDownAsync();
        JsonElement pending;
        (long Frozen, long Available, long Withdrawn) whileDown;
        try
        {
            pending = await Referral.WithdrawAsync(a, commission, Guid.NewGuid().ToString());
            whileDown = await BalanceAsync(a);
        }
        finally
        {
            await Orders.Sandbox.ResetAsync();
        }

        var paid = await Eventually.WaitForAsync(() => BalanceAsync(a), x => x.Withdrawn == commission, TimeSpan.FromSeconds(30));
        var withdrawals = (await a.GetFromJsonAsync<JsonElement>("/api/referral/me/withdrawals")).GetProperty("items").EnumerateArray().ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(pending.GetProperty("status").GetString(), Is.EqualTo("pending"), "the payout could not be made when asked");
            Assert.That(whileDown, Is.EqualTo((0L, 0L, 0L)), "pending money is out of available, not yet withdrawn");
            Assert.That(paid, Is.EqualTo((0L, 0L, commission)), "the retry paid it, once");
            Assert.That(withdrawals.Select(w => w.GetProperty("status").GetString()), Is.EqualTo(new[] { "paid" }));
        });
    }

    [Test]
    public async Task Withdraw_BelowMinimumAboveAvailableOrBadInput_RefusedAndNothingChanges()
    {
        using var shopper = await Shop.NewShopperAsync();

        var belowMinimum = await shopper.PostWithKeyAsync("/api/referral/me/withdrawals", new { amount = 999 }, Guid.NewGuid().ToString());
        var aboveAvailable = await shopper.PostWithKeyAsync("/api/referral/me/withdrawals", new { amount = 5_000 }, Guid.NewGuid().ToString());
        var noKey = await shopper.PostAsJsonAsync("/api/referral/me/withdrawals", new { amount = 5_000 });
        var zero = await shopper.PostWithKeyAsync("/api/referral/me/withdrawals", new { amount = 0 }, Guid.NewGuid().ToString());
        var huge = await shopper.PostWithKeyAsync("/api/referral/me/withdrawals", new { amount = long.MaxValue }, Guid.NewGuid().ToString());

        Assert.That((await belowMinimum.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString(), Is.EqualTo("below-minimum"));
        Assert.That((await aboveAvailable.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString(), Is.EqualTo("above-available"));
        Assert.That((await noKey.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("Idempotency-Key", out _), Is.True);
        Assert.That((await zero.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("amount", out _), Is.True);
        Assert.That((await huge.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("amount", out _), Is.True);
        var withdrawals = await shopper.GetFromJsonAsync<JsonElement>("/api/referral/me/withdrawals");
        Assert.Multiple(async () =>
        {
            Assert.That(withdrawals.GetProperty("items").GetArrayLength(), Is.Zero);
            Assert.That(await BalanceAsync(shopper), Is.EqualTo((0L, 0L, 0L)));
        });
    }

    private static async Task<(long Frozen, long Available, long Withdrawn)> BalanceAsync(HttpClient user)
    {
        var balance = await user.GetFromJsonAsync<JsonElement>("/api/referral/me/balance");
        return (balance.GetProperty("frozen").GetProperty("amount").GetInt64(), balance.GetProperty("available").GetProperty("amount").GetInt64(),
            balance.GetProperty("withdrawn").GetProperty("amount").GetInt64());
    }

    [Test]
    public async Task ShareCode_BuyerWithoutBinding_CodeOwnerEarnsTier1AndOwnCodeEarnsNothing()
    {
        var skus = await Shop.TakeSkusAsync(2);
        using var a = await Shop.NewShopperAsync();
        using var buyer = await Shop.NewShopperAsync();

        // The own-code order first: by the time the shared one has accrued, the first has had longer to do anything.
        var own = await PaidOrderWithCodeAsync(buyer, skus[1], await Referral.CodeAsync(buyer));
        var shared = await PaidOrderWithCodeAsync(buyer, skus[0], await Referral.CodeAsync(a));

        var forA = await Eventually.WaitForAsync(() => Referral.CommissionsAsync(a), e => e.Length > 0);
        Assert.That(await Eventually.WaitForAsync(() => Referral.HandledOrderPaidAsync(own), handled => handled), Is.True,
            "referral has handled the own-code order's OrderPaid");
        Assert.Multiple(async () =>
        {
            Assert.That(forA.Single().GetProperty("orderId").GetGuid(), Is.EqualTo(shared));
            Assert.That(forA.Single().GetProperty("tier").GetInt32(), Is.EqualTo(1));
            Assert.That(forA.Single().GetProperty("amount").GetProperty("amount").GetInt64(), Is.EqualTo(skus[0].Price * 1000 / 10_000));
            Assert.That(await Referral.CommissionsAsync(buyer), Is.Empty, $"order {own} carried the buyer's own code");
            Assert.That(await Referral.ReferrerAsync(await UserIdAsync(buyer)), Is.Null, "a share code attributes the order, it binds no one");
        });
    }

    private static async Task<Guid> PaidOrderWithCodeAsync(HttpClient buyer, Sku sku, string referralCode)
    {
        var response = await buyer.PostWithKeyAsync("/api/order/orders",
            new { lines = new[] { new { skuId = sku.Id, quantity = 1 } }, shippingAddress = Shop.Address, referralCode }, Guid.NewGuid().ToString());
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        await Shop.PressAsync(body.GetProperty("payment").GetProperty("payUrl").GetString()!);
        var orderId = body.GetProperty("orderId").GetGuid();
        await Shop.WaitForStatusAsync(buyer, orderId, "paid");
        return orderId;
    }

    private static async Task<Guid> UserIdAsync(HttpClient user) =>
        (await user.GetFromJsonAsync<JsonElement>("/api/identity/me")).GetProperty("userId").GetGuid();

    [Test]
    public async Task Bind_UnknownOwnCycleOrSecond_RefusedAndNothingChanges()
    {
        using var a = await Shop.NewShopperAsync();
        using var b = await Shop.NewShopperAsync();
        var codeA = await Referral.CodeAsync(a);
        Assert.That((await Referral.BindAsync(b, codeA)).StatusCode, Is.EqualTo(HttpStatusCode.Created));

        var unknown = await Referral.BindAsync(a, "ZZZZ2222");
        var own = await Referral.BindAsync(a, codeA);
        var cycle = await Referral.BindAsync(a, await Referral.CodeAsync(b));
        using var other = await Shop.NewShopperAsync();
        var second = await Referral.BindAsync(b, await Referral.CodeAsync(other));
        var empty = await Referral.BindAsync(a, "");
        var badCursor = await a.GetAsync("/api/referral/me/commissions?cursor=not-a-cursor");

        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.That((await own.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("code")[0].GetString(), Does.Contain("own"));
        Assert.That((await cycle.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("code")[0].GetString(), Does.Contain("referred"));
        Assert.That((await second.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString(), Is.EqualTo("already-bound"));
        await empty.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That((await badCursor.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("cursor", out _), Is.True);
    }

    [Test]
    public async Task Rules_MoreThanTwoTiersOrRateAboveHalfOrNotAdmin_RefusedAndRulesUnchanged()
    {
        using var admin = await Shop.AdminAsync();
        using var shopper = await Shop.NewShopperAsync();
        var before = await admin.GetFromJsonAsync<JsonElement>("/api/referral/rules");
        var rules = new { tiers = 2, tier1Rate = 0.1m, tier2Rate = 0.05m, bindingDays = 30, freezeDays = 7, minWithdrawal = 1000, selfPurchaseRebate = false };

        var threeTiers = await admin.PutAsJsonAsync("/api/referral/rules", rules with { tiers = 3 });
        var greedy = await admin.PutAsJsonAsync("/api/referral/rules", rules with { tier1Rate = 0.6m });
        var notAdmin = await shopper.PutAsJsonAsync("/api/referral/rules", rules);
        var same = await admin.PutAsJsonAsync("/api/referral/rules", rules);

        Assert.That((await threeTiers.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("tiers", out _), Is.True);
        Assert.That((await greedy.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("tier1Rate", out _), Is.True);
        await notAdmin.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.That(same.StatusCode, Is.EqualTo(HttpStatusCode.OK), await same.Content.ReadAsStringAsync());
        var after = await admin.GetFromJsonAsync<JsonElement>("/api/referral/rules");
        Assert.Multiple(() =>
        {
            Assert.That(before.GetProperty("tiers").GetInt32(), Is.EqualTo(2));
            Assert.That(before.GetProperty("tier1Rate").GetDecimal(), Is.EqualTo(0.1m));
            Assert.That(after.GetProperty("tiers").GetInt32(), Is.EqualTo(2));
            Assert.That(after.GetProperty("tier1Rate").GetDecimal(), Is.EqualTo(0.1m));
            Assert.That(after.GetProperty("tier2Rate").GetDecimal(), Is.EqualTo(0.05m));
        });
    }

    [Test]
    public async Task ShareLink_KnownCode_RemembersItAndRedirectsToTheProduct()
    {
        using var a = await Shop.NewShopperAsync();
        var code = await Referral.CodeAsync(a);
        var productId = Guid.CreateVersion7();
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(Platform.GatewayUrl) };

        var followed = await anonymous.GetAsync($"/s/{code}?p={productId}");
        var unknown = await anonymous.GetAsync("/s/ZZZZ2222");
        var badProduct = await anonymous.GetAsync($"/s/{code}?p=not-a-product");

        Assert.Multiple(() =>
        {
            Assert.That(followed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(followed.Headers.Location?.ToString(), Is.EqualTo($"/products/{productId}"));
            Assert.That(followed.Headers.GetValues("Set-Cookie").Single(), Does.StartWith($"sc_ref={code};").And.Contain("max-age=2592000"));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(unknown.Headers.Location?.ToString(), Is.EqualTo("/"));
            Assert.That(unknown.Headers.Contains("Set-Cookie"), Is.False);
            Assert.That(badProduct.Headers.Location?.ToString(), Is.EqualTo("/"));
        });
    }
}
