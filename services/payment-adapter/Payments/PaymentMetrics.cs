using System.Diagnostics.Metrics;
using SocialCommerce.ServiceDefaults.Telemetry;

namespace SocialCommerce.PaymentAdapter.Payments;

/// <summary>Payment and payout outcomes, money moved, and every webhook by what became of it (rejections are security signals).</summary>
public sealed class PaymentMetrics(IMeterFactory meters)
{
    private readonly Counter<long> payments = SocialCommerceMetrics.From(meters).CreateCounter<long>(
        "socialcommerce.payment.payments", description: "Payments decided, by outcome").AtZero();

    private readonly Counter<long> collected = SocialCommerceMetrics.From(meters).CreateCounter<long>(
        "socialcommerce.payment.collected", "fen", "Money the provider confirmed taken").AtZero();

    private readonly Counter<long> refundedMoney = SocialCommerceMetrics.From(meters).CreateCounter<long>(
        "socialcommerce.payment.refunded", "fen", "Money the provider confirmed returned").AtZero();

    private readonly Counter<long> webhooks = SocialCommerceMetrics.From(meters).CreateCounter<long>(
        "socialcommerce.payment.webhooks", description: "Provider callbacks, by provider and outcome (accepted, duplicate or a rejection reason)").AtZero();

    private readonly Counter<long> payouts = SocialCommerceMetrics.From(meters).CreateCounter<long>(
        "socialcommerce.payment.payouts", description: "Payouts decided, by outcome (succeeded, failed)").AtZero();

    private readonly Counter<long> paidOut = SocialCommerceMetrics.From(meters).CreateCounter<long>(
        "socialcommerce.payment.paid_out", "fen", "Money the provider confirmed paid out to wallets").AtZero();

    public void PayoutDecided(string outcome, long amount)
    {
        payouts.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        if (outcome == "succeeded") paidOut.Add(amount);
    }

    public void Decided(string outcome, long amount)
    {
        payments.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        if (amount > 0) collected.Add(amount);
    }

    public void Refunded(long amount) => refundedMoney.Add(amount);

    public void Webhook(string provider, string outcome) =>
        webhooks.Add(1, new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("outcome", outcome));
}
