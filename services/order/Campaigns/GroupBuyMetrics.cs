using System.Diagnostics.Metrics;
using SocialCommerce.ServiceDefaults.Telemetry;

namespace SocialCommerce.Order.Campaigns;

/// <summary>Teams started and closed (completed or failed, with how long they took), and joins that lost a race.</summary>
internal static class GroupBuyMetrics
{
    private static readonly Counter<long> Started = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.groupbuy.teams.started", description: "Group-buy teams started");

    private static readonly Counter<long> Closed = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.groupbuy.teams.closed", description: "Group-buy teams closed, by outcome (completed, failed)");

    private static readonly Histogram<double> Lifetime = SocialCommerceMetrics.Meter.CreateHistogram<double>(
        "socialcommerce.groupbuy.team.lifetime", "s", "From a team's start to its close, by outcome");

    private static readonly Counter<long> JoinConflicts = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.groupbuy.join_conflicts", description: "Joins refused because the team was full, closed or expired, or joined twice");

    public static void TeamStarted() => Started.Add(1);

    public static void TeamClosed(string outcome, TimeSpan lifetime)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        Closed.Add(1, tag);
        Lifetime.Record(lifetime.TotalSeconds, tag);
    }

    public static void JoinConflict() => JoinConflicts.Add(1);
}
