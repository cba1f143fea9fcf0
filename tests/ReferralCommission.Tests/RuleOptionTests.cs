using SocialCommerce.ReferralCommission.Rules;

namespace SocialCommerce.ReferralCommission.Tests;

/// <summary>
/// The rule switches, each judged by the version in force at payment: campaign orders left out earn nothing; the
/// self-purchase rebate makes a promoter their own tier 1 and their referrer tier 2 (still two tiers at most), and leaves
/// buyers who brought no one in to the usual chain.
/// </summary>
public sealed class RuleOptionTests : LedgerFixture
{
    private static readonly RuleSet Defaults = new(2, 0.1m, 0.05m, 30, 7, 1000, SelfPurchaseRebate: false, CampaignOrders: true);

    [Test]
    public async Task OrderPaid_CampaignOrdersLeftOut_CampaignOrderEarnsNothingOtherOrdersDo()
    {
        var at = await RulesAsync(Defaults with { CampaignOrders = false });
        var campaignOrder = LedgerDatabase.Paid(Guid.CreateVersion7(), Ledger.U3, 10_000) with
        {
            PaidAt = at, CampaignId = Guid.CreateVersion7(), CampaignType = "flash-sale",
        };
        var plainOrder = LedgerDatabase.Paid(Guid.CreateVersion7(), Ledger.U3, 10_000) with { PaidAt = at };

        await Ledger.PaidAsync(Guid.CreateVersion7(), campaignOrder);
        await Ledger.PaidAsync(Guid.CreateVersion7(), plainOrder);

        Assert.Multiple(async () =>
        {
            Assert.That(await Ledger.LinesAsync(campaignOrder.OrderId), Is.Empty);
            Assert.That(await Ledger.LinesAsync(plainOrder.OrderId), Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task OrderPaid_SelfPurchaseRebateOn_PromoterEarnsTier1AndTheirReferrerTier2()
    {
        var at = await RulesAsync(Defaults with { SelfPurchaseRebate = true });
        var byPromoter = LedgerDatabase.Paid(Guid.CreateVersion7(), Ledger.U2, 10_000) with { PaidAt = at };   // U2 brought in U3
        var byNonPromoter = LedgerDatabase.Paid(Guid.CreateVersion7(), Ledger.U3, 10_000) with { PaidAt = at };

        await Ledger.PaidAsync(Guid.CreateVersion7(), byPromoter);
        await Ledger.PaidAsync(Guid.CreateVersion7(), byNonPromoter);

        var promoterLines = await Ledger.LinesAsync(byPromoter.OrderId);
        var otherLines = await Ledger.LinesAsync(byNonPromoter.OrderId);
        Assert.Multiple(() =>
        {
            Assert.That(promoterLines.Select(l => (l.Tier, l.BeneficiaryId, l.Amount)),
                Is.EquivalentTo(new[] { (1, Ledger.U2, 1_000L), (2, Ledger.U1, 500L) }), "root, U1's referrer, gets nothing: no tier 3");
            Assert.That(otherLines.Select(l => (l.Tier, l.BeneficiaryId, l.Amount)),
                Is.EquivalentTo(new[] { (1, Ledger.U2, 1_000L), (2, Ledger.U1, 500L) }));
        });
    }

    /// <summary>A new rule version in force from a moment of its own, returned for the order to be paid at.</summary>
    private async Task<DateTimeOffset> RulesAsync(RuleSet rules)
    {
        var from = LedgerDatabase.Epoch.AddDays(Random.Shared.Next(10, 3_000));   // bindings hold for ten years
        await using var connection = await Ledger.DataSource.OpenConnectionAsync();
        await CommissionRules.ChangeAsync(connection, rules, Guid.CreateVersion7(), from);
        return from.AddSeconds(1);
    }
}
