using System.Diagnostics.Metrics;
using SocialCommerce.ServiceDefaults.Telemetry;

namespace SocialCommerce.ReferralCommission;

/// <summary>
/// Bindings made and flagged, share links followed, commission accrued (entries and fen), settled and reversed by tier, and
/// withdrawals.
/// </summary>
/// <remarks>A singleton built from the host's meter factory; static operations take it as a parameter.</remarks>
public sealed class ReferralMetrics(IMeterFactory meters)
{
    private readonly Counter<long> bindings = SocialCommerceMetrics.From(meters).CreateCounter<long>(
        "socialcommerce.referral.bindings", description: "Referral bindings made, by source (sign-up, api)").AtZero();

    private readonly Counter<long> shareLinks = SocialCommerceMetrics.From(meters).CreateCounter<long>(
        "socialcommerce.referral.share_links.followed", description: "Share links followed with a known code").AtZero();

    private readonly Counter<long> accruedEntries = SocialCommerceMetrics.From(meters).CreateCounter<long>(
        "socialcommerce.commission.accrued.entries", description: "Commission entries accrued, by tier").AtZero();

    private readonly Counter<long> accruedFen = SocialCommerceMetrics.From(meters).CreateCounter<long>(
        "socialcommerce.commission.accrued", "fen", "Commission accrued, by tier").AtZero();

    private readonly Counter<long> settledFen = SocialCommerceMetrics.From(meters).CreateCounter<long>(
        "socialcommerce.commission.settled", "fen", "Commission made available after the freeze period, by tier").AtZero();

    private readonly Counter<long> reversedFen = SocialCommerceMetrics.From(meters).CreateCounter<long>(
        "socialcommerce.commission.reversed", "fen", "Commission clawed back for refunds, by tier").AtZero();

    private readonly Counter<long> withdrawals = SocialCommerceMetrics.From(meters).CreateCounter<long>(
        "socialcommerce.commission.withdrawals", description: "Withdrawals by outcome: requested, paid, failed, or refused (below-minimum, above-available)")
        .AtZero(("outcome", "failed"));

    private readonly Counter<long> withdrawnFen = SocialCommerceMetrics.From(meters).CreateCounter<long>(
        "socialcommerce.commission.withdrawn", "fen", "Commission paid out to wallets").AtZero();

    public void WithdrawalRequested() => withdrawals.Add(1, new KeyValuePair<string, object?>("outcome", "requested"));

    public void WithdrawalRefused(string reason) => withdrawals.Add(1, new KeyValuePair<string, object?>("outcome", reason));

    public void WithdrawalDecided(string status, long fen)
    {
        withdrawals.Add(1, new KeyValuePair<string, object?>("outcome", status));
        if (status == "paid") withdrawnFen.Add(fen);
    }

    private readonly Counter<long> flags = SocialCommerceMetrics.From(meters).CreateCounter<long>(
        "socialcommerce.referral.flags", description: "Fraud flags raised, by reason (same-device, same-phone-prefix)").AtZero();

    private readonly Counter<long> decidedFlags = SocialCommerceMetrics.From(meters).CreateCounter<long>(
        "socialcommerce.referral.flags.decided", description: "Fraud flags an admin decided, by reason and resolution (cleared: released; confirmed: reversed)").AtZero();

    private readonly Counter<long> flaggedBindings = SocialCommerceMetrics.From(meters).CreateCounter<long>(
        "socialcommerce.referral.bindings.flagged", description: "Bindings put under a fraud flag (their commission held frozen), by reason").AtZero();

    public void FlagRaised(string reason) => flags.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void FlagDecided(string reason, string resolution) =>
        decidedFlags.Add(1, new KeyValuePair<string, object?>("reason", reason), new KeyValuePair<string, object?>("resolution", resolution));

    public void BindingsFlagged(string reason, int count)
    {
        if (count > 0) flaggedBindings.Add(count, new KeyValuePair<string, object?>("reason", reason));
    }

    public void Settled(int tier, long fen) => settledFen.Add(fen, new KeyValuePair<string, object?>("tier", tier));

    public void Reversed(int tier, long fen) => reversedFen.Add(fen, new KeyValuePair<string, object?>("tier", tier));

    public void Bound(string source) => bindings.Add(1, new KeyValuePair<string, object?>("source", source));

    public void ShareLinkFollowed() => shareLinks.Add(1);

    public void Accrued(int tier, long fen)
    {
        var tag = new KeyValuePair<string, object?>("tier", tier);
        accruedEntries.Add(1, tag);
        accruedFen.Add(fen, tag);
    }
}
