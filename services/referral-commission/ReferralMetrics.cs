using System.Diagnostics.Metrics;
using SocialCommerce.ServiceDefaults.Telemetry;

namespace SocialCommerce.ReferralCommission;

/// <summary>
/// Bindings made and flagged, share links followed, commission accrued (entries and fen), settled and reversed by tier, and
/// withdrawals.
/// </summary>
internal static class ReferralMetrics
{
    private static readonly Counter<long> Bindings = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.referral.bindings", description: "Referral bindings made, by source (sign-up, api)");

    private static readonly Counter<long> ShareLinks = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.referral.share_links.followed", description: "Share links followed with a known code");

    private static readonly Counter<long> AccruedEntries = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.commission.accrued.entries", description: "Commission entries accrued, by tier");

    private static readonly Counter<long> AccruedFen = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.commission.accrued", "fen", "Commission accrued, by tier");

    private static readonly Counter<long> SettledFen = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.commission.settled", "fen", "Commission made available after the freeze period, by tier");

    private static readonly Counter<long> ReversedFen = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.commission.reversed", "fen", "Commission clawed back for refunds, by tier");

    private static readonly Counter<long> Withdrawals = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.commission.withdrawals", description: "Withdrawals by outcome: requested, paid, failed, or refused (below-minimum, above-available)");

    private static readonly Counter<long> WithdrawnFen = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.commission.withdrawn", "fen", "Commission paid out to wallets");

    public static void WithdrawalRequested() => Withdrawals.Add(1, new KeyValuePair<string, object?>("outcome", "requested"));

    public static void WithdrawalRefused(string reason) => Withdrawals.Add(1, new KeyValuePair<string, object?>("outcome", reason));

    public static void WithdrawalDecided(string status, long fen)
    {
        Withdrawals.Add(1, new KeyValuePair<string, object?>("outcome", status));
        if (status == "paid") WithdrawnFen.Add(fen);
    }

    private static readonly Counter<long> Flags = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.referral.flags", description: "Fraud flags raised, by reason (same-device, same-phone-prefix)");

    private static readonly Counter<long> DecidedFlags = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.referral.flags.decided", description: "Fraud flags an admin decided, by reason and resolution (cleared: released; confirmed: reversed)");

    private static readonly Counter<long> FlaggedBindings = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.referral.bindings.flagged", description: "Bindings put under a fraud flag (their commission held frozen), by reason");

    public static void FlagRaised(string reason) => Flags.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public static void FlagDecided(string reason, string resolution) =>
        DecidedFlags.Add(1, new KeyValuePair<string, object?>("reason", reason), new KeyValuePair<string, object?>("resolution", resolution));

    public static void BindingsFlagged(string reason, int count)
    {
        if (count > 0) FlaggedBindings.Add(count, new KeyValuePair<string, object?>("reason", reason));
    }

    public static void Settled(int tier, long fen) => SettledFen.Add(fen, new KeyValuePair<string, object?>("tier", tier));

    public static void Reversed(int tier, long fen) => ReversedFen.Add(fen, new KeyValuePair<string, object?>("tier", tier));

    public static void Bound(string source) => Bindings.Add(1, new KeyValuePair<string, object?>("source", source));

    public static void ShareLinkFollowed() => ShareLinks.Add(1);

    public static void Accrued(int tier, long fen)
    {
        var tag = new KeyValuePair<string, object?>("tier", tier);
        AccruedEntries.Add(1, tag);
        AccruedFen.Add(fen, tag);
    }
}
