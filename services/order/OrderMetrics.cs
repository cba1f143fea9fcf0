using System.Diagnostics;
using System.Diagnostics.Metrics;
using SocialCommerce.ServiceDefaults.Telemetry;

namespace SocialCommerce.Order;

/// <summary>
/// The order service's instruments, built from the host's meter factory (one singleton): orders placed, paid and cancelled,
/// GMV, refunds, checkout outcomes and where a checkout's time goes, rejected carrier callbacks (a security signal),
/// group-buy teams and flash-sale admissions.
/// </summary>
public sealed class OrderMetrics(IMeterFactory meters)
{
    private readonly Meter meter = SocialCommerceMetrics.From(meters);

    private Counter<long> Placed => field ??= meter.CreateCounter<long>("socialcommerce.order.placed", description: "Orders placed at checkout");

    private Counter<long> PaidOrders => field ??= meter.CreateCounter<long>("socialcommerce.order.paid", description: "Orders paid");

    private Counter<long> Gmv => field ??= meter.CreateCounter<long>("socialcommerce.order.gmv", "fen", "Gross merchandise value of paid orders");

    private Counter<long> CancelledOrders => field ??= meter.CreateCounter<long>("socialcommerce.order.cancelled", description: "Orders cancelled, by reason");

    private Counter<long> RefundedMoney => field ??= meter.CreateCounter<long>("socialcommerce.order.refunded", "fen", "Money confirmed back to shoppers, by kind");

    private Counter<long> CheckoutOutcomes => field ??= meter.CreateCounter<long>(
        "socialcommerce.order.checkouts", description: "Checkout requests by outcome (placed, replayed, out-of-stock, unavailable, failed)");

    private Histogram<double> CheckoutSteps => field ??= meter.CreateHistogram<double>(
        "socialcommerce.order.checkout.step.duration", "s", "Time spent in each checkout step (lock, claim, quote, reserve, write, payment, answer)");

    private Counter<long> CarrierWebhooks => field ??= meter.CreateCounter<long>(
        "socialcommerce.order.carrier_webhooks", description: "Carrier tracking callbacks by outcome (accepted, duplicate or a rejection reason)");

    private Counter<long> TeamsStarted => field ??= meter.CreateCounter<long>("socialcommerce.groupbuy.teams.started", description: "Group-buy teams started");

    private Counter<long> TeamsClosed => field ??= meter.CreateCounter<long>(
        "socialcommerce.groupbuy.teams.closed", description: "Group-buy teams closed, by outcome (completed, failed)");

    private Histogram<double> TeamLifetime => field ??= meter.CreateHistogram<double>(
        "socialcommerce.groupbuy.team.lifetime", "s", "From a team's start to its close, by outcome");

    private Counter<long> JoinConflicts => field ??= meter.CreateCounter<long>(
        "socialcommerce.groupbuy.join_conflicts", description: "Joins refused because the team was full, closed or expired, or joined twice");

    private Counter<long> FlashAttempts => field ??= meter.CreateCounter<long>(
        "socialcommerce.flashsale.attempts",
        description: "Flash-sale attempts by outcome: admitted, sold-out (decided by the database), too-few-left, sold-out-fast (remembered), over-limit");

    private Histogram<double> AdmissionDuration => field ??= meter.CreateHistogram<double>(
        "socialcommerce.flashsale.admission.duration", "s", "The admission decision in the database, by outcome");

    private Counter<long> ReturnedAdmissions => field ??= meter.CreateCounter<long>(
        "socialcommerce.flashsale.admissions.returned",
        description: "Admissions whose units went back to the quota, by reason (checkout-failed, cancelled, abandoned)");

    public void OrderPlaced() => Placed.Add(1);

    public void OrderPaid(long amount)
    {
        PaidOrders.Add(1);
        Gmv.Add(amount);
    }

    public void OrderCancelled(string reason) => CancelledOrders.Add(1, Tag("reason", reason));

    public void Refunded(string kind, long amount) => RefundedMoney.Add(amount, Tag("kind", kind));

    public void Checkout(string outcome) => CheckoutOutcomes.Add(1, Tag("outcome", outcome));

    /// <summary>Times one checkout step as a histogram sample and a trace span: <c>using var _ = metrics.Step("quote");</c></summary>
    public CheckoutStep Step(string name) =>
        new(CheckoutSteps, name, SocialCommerceMetrics.ActivitySource.StartActivity($"checkout {name}"), Stopwatch.GetTimestamp());

    public void CarrierWebhook(string outcome) => CarrierWebhooks.Add(1, Tag("outcome", outcome));

    public void TeamStarted() => TeamsStarted.Add(1);

    public void TeamClosed(string outcome, TimeSpan lifetime)
    {
        TeamsClosed.Add(1, Tag("outcome", outcome));
        TeamLifetime.Record(lifetime.TotalSeconds, Tag("outcome", outcome));
    }

    public void JoinConflict() => JoinConflicts.Add(1);

    public void AdmissionDecided(string outcome, TimeSpan took)
    {
        FlashAttempts.Add(1, Tag("outcome", outcome));
        AdmissionDuration.Record(took.TotalSeconds, Tag("outcome", outcome));
    }

    public void SoldOutFast() => FlashAttempts.Add(1, Tag("outcome", "sold-out-fast"));

    public void AdmissionReturned(string reason) => ReturnedAdmissions.Add(1, Tag("reason", reason));

    private static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);

    public readonly record struct CheckoutStep(Histogram<double> Steps, string Name, Activity? Span, long Started) : IDisposable
    {
        public void Dispose()
        {
            Steps.Record(Stopwatch.GetElapsedTime(Started).TotalSeconds, new KeyValuePair<string, object?>("step", Name));
            Span?.Dispose();
        }
    }
}
