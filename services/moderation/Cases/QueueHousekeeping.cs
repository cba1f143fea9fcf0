using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.Moderation.Pipeline;

namespace SocialCommerce.Moderation.Cases;

/// <summary>
/// Reads the queue's depth and the age of its oldest case for the gauges (a scrape never waits on the database),
/// and drops review fingerprints that have left the comparison window.
/// </summary>
public sealed partial class QueueHousekeeping(
    NpgsqlDataSource dataSource, TimeProvider time, IOptions<ModerationOptions> options, ILogger<QueueHousekeeping> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.QueueMetricsSeconds), time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).AsTask().ContinueWith(t => !t.IsCanceled, TaskScheduler.Default));
    }

    private async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var queue = await connection.QuerySingleAsync<(long Depth, DateTime? Oldest)>(
            """
            SELECT count(*), min(queued_at) FROM cases
            WHERE status IN ('pending', 'appealed') AND (claimed_by IS NULL OR claim_expires_at <= @now)
            """,
            new { now });
        ModerationMetrics.Queue(queue.Depth, queue.Oldest is { } oldest ? now - new DateTimeOffset(oldest, TimeSpan.Zero) : TimeSpan.Zero);
        await connection.ExecuteAsync(
            "DELETE FROM review_fingerprints WHERE created_at < @before",
            new { before = now.AddDays(-options.Value.DuplicateWindowDays) });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moderation queue housekeeping failed; trying again on the next tick")]
    private partial void LogFailed(Exception exception);
}
