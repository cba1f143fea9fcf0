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
    private readonly Counter<long> placed = SocialCommerceMetrics.From(meters).CreateCounter<long>("socialcommerce.order.placed", description: "Orders placed at checkout");

    private readonly Counter<long> paidOrders = SocialCommerceMetrics.From(meters).CreateCounter<long>("socialcommerce.order.paid", description: "Orders paid");

    private readonly Counter<long> gmv = SocialCommerceMetrics.From(meters).CreateCounter<long>("socialcommerce.order.gmv", "fen", "Gross merchandise value of paid orders");

    private readonly Counter<long> cancelledOrders = SocialCommerceMetrics.From(meters).CreateCounter<long>("socialcommerce.order.cancelled", description: "Orders cancelled, by reason").AtZero();

    private readonly Counter<long> refundedMoney = SocialCommerceMetrics.From(meters).CreateCounter<long>("socialcommerce.order.refunded", "fen", "Money confirmed back to shoppers, by kind").AtZero();

    private readonly Counter<long> checkoutOutcomes = SocialCommerceMetrics.From(meters).CreateCounter<long>(
        "socialcommerce.order.checkouts", description: "Checkout requests by outcome (placed, replayed, out-of-stock, unavailable, failed)");

    private readonly Histogram<double> checkoutSteps = SocialCommerceMetrics.From(meters).CreateHistogram<double>(
        "socialcommerce.order.checkout.step.duration", "s", "Time spent in each checkout step (lock, claim, quote, reserve, write, payment, answer)");

    private readonly Counter<long> carrierWebhooks = SocialCommerceMetrics.From(meters).CreateCounter<long>(
        "socialcommerce.order.carrier_webhooks", description: "Carrier tracking callbacks by outcome (accepted, duplicate or a rejection reason)").AtZero();

    private readonly Counter<long> teamsStarted = SocialCommerceMetrics.From(meters).CreateCounter<long>("socialcommerce.groupbuy.teams.started", description: "Group-buy teams started").AtZero();

    private readonly Counter<long> teamsClosed = SocialCommerceMetrics.From(meters).CreateCounter<long>(
        "socialcommerce.groupbuy.teams.closed", description: "Group-buy teams closed, by outcome (completed, failed)")
        .AtZero(("outcome", "completed")).AtZero(("outcome", "failed"));

    private readonly Histogram<double> teamLifetime = SocialCommerceMetrics.From(meters).CreateHistogram<double>(
        "socialcommerce.groupbuy.team.lifetime", "s", "From a team's start to its close, by outcome");

    private readonly Counter<long> joinConflicts = SocialCommerceMetrics.From(meters).CreateCounter<long>(
        "socialcommerce.groupbuy.join_conflicts", description: "Joins refused because the team was full, closed or expired, or joined twice").AtZero();

    private readonly Counter<long> flashAttempts = SocialCommerceMetrics.From(meters).CreateCounter<long>(
        "socialcommerce.flashsale.attempts",
        description: "Flash-sale attempts by outcome: admitted, existing (a repeat of a key), sold-out (decided by the database), too-few-left, sold-out-fast (remembered), over-limit, key-reused");

    private readonly Histogram<double> admissionDuration = SocialCommerceMetrics.From(meters).CreateHistogram<double>(
        "socialcommerce.flashsale.admission.duration", "s", "The admission decision in the database, by outcome");

    private readonly Counter<long> returnedAdmissions = SocialCommerceMetrics.From(meters).CreateCounter<long>(
        "socialcommerce.flashsale.admissions.returned",
        description: "Admissions whose units went back to the quota, by reason (refused, lapsed, cancelled, abandoned)").AtZero();

    private readonly Histogram<double> ticketWait = SocialCommerceMetrics.From(meters).CreateHistogram<double>(
        "socialcommerce.flashsale.ticket.wait", "s", "From a flash-sale admission to its ticket's answer (the order placed, or refused), by outcome");

    public void OrderPlaced() => placed.Add(1);

    public void OrderPaid(long amount)
    {
        paidOrders.Add(1);
        gmv.Add(amount);
    }

    public void OrderCancelled(string reason) => cancelledOrders.Add(1, Tag("reason", reason));

    public void Refunded(string kind, long amount) => refundedMoney.Add(amount, Tag("kind", kind));

    public void Checkout(string outcome) => checkoutOutcomes.Add(1, Tag("outcome", outcome));

    /// <summary>Times one checkout step as a histogram sample and a trace span: <c>using var _ = metrics.Step("quote");</c></summary>
    public CheckoutStep Step(string name) =>
        new(checkoutSteps, name, SocialCommerceMetrics.ActivitySource.StartActivity($"checkout {name}"), Stopwatch.GetTimestamp());

    public void CarrierWebhook(string outcome) => carrierWebhooks.Add(1, Tag("outcome", outcome));

    public void TeamStarted() => teamsStarted.Add(1);

    public void TeamClosed(string outcome, TimeSpan lifetime)
    {
        teamsClosed.Add(1, Tag("outcome", outcome));
        teamLifetime.Record(lifetime.TotalSeconds, Tag("outcome", outcome));
    }

    public void JoinConflict() => joinConflicts.Add(1);

    public void AdmissionDecided(string outcome, TimeSpan took)
    {
        flashAttempts.Add(1, Tag("outcome", outcome));
        admissionDuration.Record(took.TotalSeconds, Tag("outcome", outcome));
    }

    public void SoldOutFast() => flashAttempts.Add(1, Tag("outcome", "sold-out-fast"));

    public void AdmissionReturned(string reason) => returnedAdmissions.Add(1, Tag("reason", reason));

    public void TicketAnswered(string outcome, TimeSpan waited) => ticketWait.Record(waited.TotalSeconds, Tag("outcome", outcome));

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
