using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Dapper;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.ServiceDefaults.Postgres;
using SocialCommerce.ServiceDefaults.Telemetry;

namespace SocialCommerce.ServiceDefaults.Messaging;

public sealed class OutboxRelayOptions
{
    public bool Enabled { get; set; } = true;
    public int BatchSize { get; set; } = 1000;

    /// <summary>Passes in flight at once, so one batch's confirms overlap the next one's claim and mark.</summary>
    public int Workers { get; set; } = 2;
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan KeepPublished { get; set; } = TimeSpan.FromDays(3);
}

/// <summary>
/// Publishes committed outbox rows. Rows are claimed with FOR UPDATE SKIP LOCKED so workers and replicas share
/// the work, published concurrently with broker confirms, and marked in the same transaction that claimed them.
/// No publication order is promised (none survives concurrent publishing anyway): consumers must not rely on it. A
/// relay that dies after publishing but before marking leaves the rows unmarked and they go out again with
/// the same message id: delivery is at least once, and consumers' inbox makes the effect exactly once.
/// </summary>
public sealed partial class OutboxRelay(
    NpgsqlDataSource dataSource, IBus bus, IOptions<OutboxRelayOptions> options, ILogger<OutboxRelay> logger) : BackgroundService
{
    private static readonly Counter<long> PublishedCounter =
        SocialCommerceMetrics.Meter.CreateCounter<long>("socialcommerce.outbox.published", description: "Outbox messages published");

    private readonly NotificationListener notifications = new();
    private double lagSeconds;

    /// <summary>Age of the oldest unpublished message after the last pass, for the lag gauge and alerts.</summary>
    public double LagSeconds => Volatile.Read(ref lagSeconds);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        SocialCommerceMetrics.Meter.CreateObservableGauge("socialcommerce.outbox.lag", () => LagSeconds, unit: "s",
            description: "Age of the oldest unpublished outbox message");
        // LISTEN/NOTIFY turns polling latency into push latency; the poll interval stays as the safety net.
        _ = Task.Run(() => notifications.ListenAsync(dataSource, Outbox.NotifyChannel, options.Value.PollInterval, LogListenFailed, stoppingToken),
            stoppingToken);
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Workers))
            .Select(worker => Task.Run(() => WorkAsync(worker == 0, stoppingToken), stoppingToken)));
    }

    private async Task WorkAsync(bool housekeeper, CancellationToken stoppingToken)
    {
        var lastCleanup = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var published = await PublishBatchAsync(stoppingToken);
                if (housekeeper)
                {
                    await MeasureLagAsync(stoppingToken);
                    if (DateTimeOffset.UtcNow - lastCleanup > TimeSpan.FromMinutes(10))
                    {
                        await DeleteOldPublishedAsync(stoppingToken);
                        lastCleanup = DateTimeOffset.UtcNow;
                    }
                }

                if (published == options.Value.BatchSize)
                {
                    // A full batch means a backlog: wake another worker to drain it alongside this one.
                    notifications.Wake();
                    continue;
                }

                await notifications.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogRelayFailed(exception);
                await Task.Delay(options.Value.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>One pass: claim, publish, mark. <paramref name="beforeMark"/> lets tests kill the relay mid-pass.</summary>
    internal async Task<int> PublishBatchAsync(CancellationToken cancellationToken, Func<Task>? beforeMark = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<OutboxRow>(
            """
            SELECT id, message_type, body::text AS body, trace_parent
            FROM outbox_messages
            WHERE published_at IS NULL
            LIMIT @batchSize
            FOR UPDATE SKIP LOCKED
            """,
            new { batchSize = options.Value.BatchSize }, transaction)).ToList();
        if (rows.Count == 0) return 0;

        await Task.WhenAll(rows.Select(row => PublishAsync(row, cancellationToken)));

        if (beforeMark is not null) await beforeMark();

        await connection.ExecuteAsync(
            "UPDATE outbox_messages SET published_at = now() WHERE id = ANY(@ids)",
            new { ids = rows.Select(row => row.Id).ToArray() }, transaction);
        await transaction.CommitAsync(cancellationToken);
        PublishedCounter.Add(rows.Count);
        return rows.Count;
    }

    private async Task PublishAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        var type = Type.GetType(row.MessageType)
            ?? throw new InvalidOperationException($"Outbox message {row.Id} has unknown type {row.MessageType}.");
        var message = JsonSerializer.Deserialize(row.Body, type, OutboxJson.Options)!;
        ActivityContext.TryParse(row.TraceParent, null, out var parent);
        using var activity = SocialCommerceMetrics.ActivitySource.StartActivity("outbox publish", ActivityKind.Producer, parent);
        await bus.Publish(message, type, context => context.MessageId = row.Id, cancellationToken);
    }

    private async Task MeasureLagAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var oldest = await connection.ExecuteScalarAsync<DateTime?>(
            "SELECT created_at FROM outbox_messages WHERE published_at IS NULL ORDER BY id LIMIT 1");
        Volatile.Write(ref lagSeconds, oldest is null ? 0 : Math.Max(0, (DateTime.UtcNow - oldest.Value.ToUniversalTime()).TotalSeconds));
    }

    private async Task DeleteOldPublishedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(
            "DELETE FROM outbox_messages WHERE published_at < now() - @keep::interval",
            new { keep = options.Value.KeepPublished });
    }

    private sealed record OutboxRow(Guid Id, string MessageType, string Body, string? TraceParent);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox relay pass failed; retrying")]
    private partial void LogRelayFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox LISTEN connection failed; reconnecting")]
    private partial void LogListenFailed(Exception exception);
}
