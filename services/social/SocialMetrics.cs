using System.Diagnostics.Metrics;
using SocialCommerce.ServiceDefaults.Telemetry;

namespace SocialCommerce.Social;

/// <summary>
/// Posts published, feed rows written by fan-out and how long after the decision they were there, feed reads, and follows
/// and likes. One singleton from the host's meter factory; static operations take it as a parameter.
/// </summary>
public sealed class SocialMetrics(IMeterFactory meters)
{
    private readonly Counter<long> published = SocialCommerceMetrics.From(meters).CreateCounter<long>(
        "socialcommerce.social.posts.published", description: "Posts published (first approval), by author kind and path (fan-out, pull)");

    private readonly Counter<long> fanOutRows = SocialCommerceMetrics.From(meters).CreateCounter<long>(
        "socialcommerce.social.fanout.rows", description: "Feed rows written by fan-out on publication and by backfill on follow, by source");

    private readonly Histogram<double> fanOutLag = SocialCommerceMetrics.From(meters).CreateHistogram<double>(
        "socialcommerce.social.fanout.lag", "s", "From the moderation decision (or the listing) to the post's feed rows committed",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300] });

    private readonly Histogram<double> feedReads = SocialCommerceMetrics.From(meters).CreateHistogram<double>(
        "socialcommerce.social.feed.read.duration", "s", "Time to assemble one page of the following feed",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1] });

    private readonly Counter<long> follows = SocialCommerceMetrics.From(meters).CreateCounter<long>(
        "socialcommerce.social.follows", description: "Follows and unfollows that changed the graph, by change and target kind");

    private readonly Counter<long> reactions = SocialCommerceMetrics.From(meters).CreateCounter<long>(
        "socialcommerce.social.reactions", description: "Likes, favourites and comments that changed something, by kind").AtZero();

    public void Published(string authorKind, bool pulled) => published.Add(1,
        new KeyValuePair<string, object?>("author_kind", authorKind), new KeyValuePair<string, object?>("path", pulled ? "pull" : "fan-out"));

    public void FannedOut(int rows, string source, TimeSpan? lag)
    {
        if (rows > 0) fanOutRows.Add(rows, new KeyValuePair<string, object?>("source", source));
        if (lag is { } value) fanOutLag.Record(Math.Max(0, value.TotalSeconds));
    }

    public void FeedRead(TimeSpan elapsed) => feedReads.Record(elapsed.TotalSeconds);

    public void FollowChanged(string change, string targetKind) => follows.Add(1,
        new KeyValuePair<string, object?>("change", change), new KeyValuePair<string, object?>("target_kind", targetKind));

    public void Reacted(string kind) => reactions.Add(1, new KeyValuePair<string, object?>("kind", kind));
}
