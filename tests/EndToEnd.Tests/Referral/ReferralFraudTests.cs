using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SocialCommerce.EndToEnd.Tests.Orders;

namespace SocialCommerce.EndToEnd.Tests.Referral;

/// <summary>
/// Anti-fraud through the gateway: three accounts signed up from one device with A's code raise a flag (the bindings stand);
/// commission from their orders stays frozen past its freeze until an admin clears the flag, and then settles.
/// </summary>
public sealed class ReferralFraudTests
{
    [Test]
    public async Task SameDevice_ThreeSignUpsWithOneCode_FlaggedAndCommissionHeldUntilCleared()
    {
        var sku = (await Shop.TakeSkusAsync(1))[0];
        using var admin = await Shop.AdminAsync();
        using var merchant = await Shop.MerchantAsync();
        await using var rules = await Referral.RulesForTestAsync(admin, freezeDays: 0);
        using var a = await Shop.NewShopperAsync();
        var code = await Referral.CodeAsync(a);
        var device = "farm-" + Guid.NewGuid().ToString("N");
        using var first = await Referral.InvitedShopperAsync(code, device);
        using var second = await Referral.InvitedShopperAsync(code, device);
        using var third = await Referral.InvitedShopperAsync(code, device);

        var flag = await Eventually.WaitForAsync(() => OpenFlagAsync(admin, device), f => f is not null);
        var referrals = await a.GetFromJsonAsync<JsonElement>("/api/referral/me/referrals");
        var orderId = await AfterSalesJourneyTests.DeliveredOrderAsync(third, merchant, (sku.Id, 1));
        Assert.That((await third.PostAsync($"/api/order/orders/{orderId}/receipt", null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var dueAt = await Eventually.WaitForAsync(() => Referral.AvailableAtAsync(orderId), at => at is not null, TimeSpan.FromSeconds(30));
        // Two settlement ticks after it fell due: the second began after due, so the flag is what held the commission.
        await MetricsScrape.WaitForSweepTicksAsync(LocalPlatform.ReferralUrl, "commission-settlement");
        var held = await a.GetFromJsonAsync<JsonElement>("/api/referral/me/balance");

        var clear = await admin.PostAsJsonAsync($"/api/referral/admin/flags/{flag!.Value.GetProperty("flagId").GetGuid()}/clear", new { note = "家庭共用手机" });
        var clearAgain = await admin.PostAsJsonAsync($"/api/referral/admin/flags/{flag.Value.GetProperty("flagId").GetGuid()}/clear", new { note = "" });
        var commission = sku.Price * 1000 / 10_000;
        var released = await Eventually.WaitForAsync(() => a.GetFromJsonAsync<JsonElement>("/api/referral/me/balance"),
            b => b.GetProperty("available").GetProperty("amount").GetInt64() == commission, TimeSpan.FromSeconds(20));

        Assert.Multiple(async () =>
        {
            Assert.That(flag.Value.GetProperty("reason").GetString(), Is.EqualTo("same-device"));
            Assert.That(flag.Value.GetProperty("users").GetArrayLength(), Is.EqualTo(3));
            Assert.That(referrals.GetProperty("total").GetInt32(), Is.EqualTo(3), "flagged bindings still stand");
            Assert.That(referrals.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("nickname").GetString()), Is.All.EqualTo("旅*者"));
            Assert.That(dueAt, Is.Not.Null);
            Assert.That(held.GetProperty("frozen").GetProperty("amount").GetInt64(), Is.EqualTo(commission), "held past its freeze by the flag");
            Assert.That(held.GetProperty("available").GetProperty("amount").GetInt64(), Is.Zero);
            Assert.That(clear.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await clearAgain.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString(), Is.EqualTo("already-decided"));
            Assert.That(released.GetProperty("frozen").GetProperty("amount").GetInt64(), Is.Zero);
        });
    }

    [Test]
    public async Task AdminViews_NotAdmin_ForbiddenIncludingSomeoneElsesBalance()
    {
        using var shopper = await Shop.NewShopperAsync();

        await (await shopper.GetAsync("/api/referral/admin/flags")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await shopper.PostAsJsonAsync($"/api/referral/admin/flags/{Guid.NewGuid()}/clear", new { note = "" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await shopper.GetAsync("/api/referral/admin/withdrawals")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await shopper.GetAsync($"/api/referral/admin/users/{Guid.NewGuid()}/balance")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    private static async Task<JsonElement?> OpenFlagAsync(HttpClient admin, string device)
    {
        var flags = await admin.GetFromJsonAsync<JsonElement>("/api/referral/admin/flags?status=open");
        return flags.EnumerateArray().Where(f => f.GetProperty("signal").GetString() == device).Select(f => (JsonElement?)f).FirstOrDefault();
    }
}
