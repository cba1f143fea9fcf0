using System.Diagnostics.Metrics;
using SocialCommerce.ServiceDefaults.Telemetry;

namespace SocialCommerce.Moderation.Pipeline;

/// <summary>Screening speed and outcomes, the queue and how long humans take, for the moderation dashboard.</summary>
internal static class ModerationMetrics
{
    private static readonly Histogram<double> ScreeningDuration = SocialCommerceMetrics.Meter.CreateHistogram<double>(
        "socialcommerce.moderation.screening.duration", "s", "Time to screen one content item (matching and rules)");

    private static readonly Counter<long> Screenings = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.moderation.screenings", description: "Content versions screened, by kind and outcome");

    private static readonly Counter<long> Hits = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.moderation.hits", description: "Hits found by screening, by category and the outcome its rule gives");

    private static readonly Histogram<double> DecisionDuration = SocialCommerceMetrics.Meter.CreateHistogram<double>(
        "socialcommerce.moderation.decision.duration", "s", "From a case entering the queue to a moderator's decision");

    private static long queueDepth;
    private static double oldestCaseAge;

    static ModerationMetrics()
    {
        SocialCommerceMetrics.Meter.CreateObservableGauge("socialcommerce.moderation.queue.depth",
            () => Interlocked.Read(ref queueDepth), description: "Cases waiting for a moderator (unclaimed or claim expired)");
        SocialCommerceMetrics.Meter.CreateObservableGauge("socialcommerce.moderation.queue.oldest_age",
            () => Volatile.Read(ref oldestCaseAge), "s", "Age of the oldest case waiting for a moderator");
    }

    public static void Screened(string kind, string outcome, TimeSpan duration)
    {
        var kindTag = new KeyValuePair<string, object?>("kind", kind);
        ScreeningDuration.Record(duration.TotalSeconds, kindTag);
        Screenings.Add(1, kindTag, new KeyValuePair<string, object?>("outcome", outcome));
    }

    public static void Hit(string category, string outcome) =>
        Hits.Add(1, new KeyValuePair<string, object?>("category", category), new KeyValuePair<string, object?>("outcome", outcome));

    public static void Decided(string stage, string outcome, TimeSpan waited) =>
        DecisionDuration.Record(waited.TotalSeconds,
            new KeyValuePair<string, object?>("stage", stage), new KeyValuePair<string, object?>("outcome", outcome));

    public static void Queue(long depth, TimeSpan oldest)
    {
        Interlocked.Exchange(ref queueDepth, depth);
        Volatile.Write(ref oldestCaseAge, oldest.TotalSeconds);
    }
}
