using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.Moderation.Pipeline;

namespace SocialCommerce.Moderation.Cases;

/// <summary>
/// Reads the queue's depth and the age of its oldest case for the gauges (a scrape never waits on the database),
/// and drops review fingerprints that have left the comparison window. Run every <see cref="ModerationOptions.QueueMetricsSeconds"/>
/// as a periodic sweep (ModerationFeature).
/// </summary>
public sealed class QueueHousekeeping(NpgsqlDataSource dataSource, TimeProvider time, IOptions<ModerationOptions> options, ModerationMetrics metrics)
{
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var queue = await connection.QuerySingleAsync<(long Depth, DateTime? Oldest)>(
            """
            SELECT count(*), min(queued_at) FROM cases
            WHERE status IN ('pending', 'appealed') AND (claimed_by IS NULL OR claim_expires_at <= @now)
            """,
            new { now });
        metrics.Queue(queue.Depth, queue.Oldest is { } oldest ? now - new DateTimeOffset(oldest, TimeSpan.Zero) : TimeSpan.Zero);
        await connection.ExecuteAsync(
            "DELETE FROM review_fingerprints WHERE created_at < @before",
            new { before = now.AddDays(-options.Value.DuplicateWindowDays) });
        return 0;
    }
}
