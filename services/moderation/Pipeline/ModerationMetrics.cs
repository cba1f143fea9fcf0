using System.Diagnostics.Metrics;
using SocialCommerce.ServiceDefaults.Telemetry;

namespace SocialCommerce.Moderation.Pipeline;

/// <summary>Screening speed and outcomes, the queue and how long humans take, for the moderation dashboard.</summary>
public sealed class ModerationMetrics
{
    private readonly Histogram<double> screeningDuration;
    private readonly Counter<long> screenings;
    private readonly Counter<long> hits;
    private readonly Histogram<double> decisionDuration;
    private long queueDepth;
    private double oldestCaseAge;

    public ModerationMetrics(IMeterFactory meters)
    {
        var meter = SocialCommerceMetrics.From(meters);
        screeningDuration = meter.CreateHistogram<double>(
            "socialcommerce.moderation.screening.duration", "s", "Time to screen one content item (matching and rules)");
        screenings = meter.CreateCounter<long>("socialcommerce.moderation.screenings", description: "Content versions screened, by kind and outcome");
        hits = meter.CreateCounter<long>(
            "socialcommerce.moderation.hits", description: "Hits found by screening, by category and the outcome its rule gives").AtZero();
        decisionDuration = meter.CreateHistogram<double>(
            "socialcommerce.moderation.decision.duration", "s", "From a case entering the queue to a moderator's decision");
        // The queue's numbers as the housekeeping sweep last read them: a scrape never waits on the database.
        meter.CreateObservableGauge("socialcommerce.moderation.queue.depth",
            () => Interlocked.Read(ref queueDepth), description: "Cases waiting for a moderator (unclaimed or claim expired)");
        meter.CreateObservableGauge("socialcommerce.moderation.queue.oldest_age",
            () => Volatile.Read(ref oldestCaseAge), "s", "Age of the oldest case waiting for a moderator");
    }

    public void Screened(string kind, string outcome, TimeSpan duration)
    {
        var kindTag = new KeyValuePair<string, object?>("kind", kind);
        screeningDuration.Record(duration.TotalSeconds, kindTag);
        screenings.Add(1, kindTag, new KeyValuePair<string, object?>("outcome", outcome));
    }

    public void Hit(string category, string outcome) =>
        hits.Add(1, new KeyValuePair<string, object?>("category", category), new KeyValuePair<string, object?>("outcome", outcome));

    public void Decided(string stage, string outcome, TimeSpan waited) =>
        decisionDuration.Record(waited.TotalSeconds,
            new KeyValuePair<string, object?>("stage", stage), new KeyValuePair<string, object?>("outcome", outcome));

    public void Queue(long depth, TimeSpan oldest)
    {
        Interlocked.Exchange(ref queueDepth, depth);
        Volatile.Write(ref oldestCaseAge, oldest.TotalSeconds);
    }
}
