using System.Diagnostics;
using System.Diagnostics.Metrics;
using SocialCommerce.ServiceDefaults.Telemetry;

namespace SocialCommerce.Order;

/// <summary>Orders placed, paid and cancelled, GMV, refunds, and rejected carrier callbacks (a security signal).</summary>
internal static class OrderMetrics
{
    private static readonly Counter<long> Placed = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.order.placed", description: "Orders placed at checkout");

    private static readonly Counter<long> PaidOrders = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.order.paid", description: "Orders paid");

    private static readonly Counter<long> Gmv = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.order.gmv", "fen", "Gross merchandise value of paid orders");

    private static readonly Counter<long> CancelledOrders = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.order.cancelled", description: "Orders cancelled, by reason");

    private static readonly Counter<long> RefundedMoney = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.order.refunded", "fen", "Money confirmed back to shoppers, by kind");

    private static readonly Counter<long> CheckoutOutcomes = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.order.checkouts", description: "Checkout requests by outcome (placed, replayed, out-of-stock, unavailable, failed)");

    private static readonly Counter<long> CarrierWebhooks = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.order.carrier_webhooks", description: "Carrier tracking callbacks by outcome (accepted, duplicate or a rejection reason)");

    public static void OrderPlaced() => Placed.Add(1);

    public static void OrderPaid(long amount)
    {
        PaidOrders.Add(1);
        Gmv.Add(amount);
    }

    public static void OrderCancelled(string reason) => CancelledOrders.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public static void Refunded(string kind, long amount) => RefundedMoney.Add(amount, new KeyValuePair<string, object?>("kind", kind));

    public static void Checkout(string outcome) => CheckoutOutcomes.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    private static readonly Histogram<double> CheckoutSteps = SocialCommerceMetrics.Meter.CreateHistogram<double>(
        "socialcommerce.order.checkout.step.duration", "s", "Time spent in each checkout step (lock, claim, quote, reserve, write, payment, answer)");

    /// <summary>Times one checkout step as a histogram sample and a trace span: <c>using var _ = OrderMetrics.Step("quote");</c></summary>
    public static CheckoutStep Step(string name) => new(name, SocialCommerceMetrics.ActivitySource.StartActivity($"checkout {name}"), Stopwatch.GetTimestamp());

    public readonly record struct CheckoutStep(string Name, Activity? Span, long Started) : IDisposable
    {
        public void Dispose()
        {
            CheckoutSteps.Record(Stopwatch.GetElapsedTime(Started).TotalSeconds, new KeyValuePair<string, object?>("step", Name));
            Span?.Dispose();
        }
    }

    public static void CarrierWebhook(string outcome) => CarrierWebhooks.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
