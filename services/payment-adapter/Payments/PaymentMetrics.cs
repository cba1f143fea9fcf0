using System.Diagnostics.Metrics;
using SocialCommerce.ServiceDefaults.Telemetry;

namespace SocialCommerce.PaymentAdapter.Payments;

/// <summary>Payment and payout outcomes, money moved, and every webhook by what became of it (rejections are security signals).</summary>
internal static class PaymentMetrics
{
    private static readonly Counter<long> Payments = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.payment.payments", description: "Payments decided, by outcome");

    private static readonly Counter<long> Collected = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.payment.collected", "fen", "Money the provider confirmed taken");

    private static readonly Counter<long> RefundedMoney = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.payment.refunded", "fen", "Money the provider confirmed returned");

    private static readonly Counter<long> Webhooks = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.payment.webhooks", description: "Provider callbacks, by provider and outcome (accepted, duplicate or a rejection reason)");

    private static readonly Counter<long> Payouts = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.payment.payouts", description: "Payouts decided, by outcome (succeeded, failed)");

    private static readonly Counter<long> PaidOut = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.payment.paid_out", "fen", "Money the provider confirmed paid out to wallets");

    public static void PayoutDecided(string outcome, long amount)
    {
        Payouts.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        if (outcome == "succeeded") PaidOut.Add(amount);
    }

    public static void Decided(string outcome, long amount)
    {
        Payments.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        if (amount > 0) Collected.Add(amount);
    }

    public static void Refunded(long amount) => RefundedMoney.Add(amount);

    public static void Webhook(string provider, string outcome) =>
        Webhooks.Add(1, new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("outcome", outcome));
}
