using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
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

    /// <summary>
    /// How long a relay woken by a commit waits for more before it claims: under load, one pass (two transactions) then
    /// carries the messages of several commits instead of one. Adds at most this to an event's latency.
    /// </summary>
    public TimeSpan GatherDelay { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>How often the housekeeping relay measures the outbox's lag and dead letters (a query) for the gauges.</summary>
    public TimeSpan MeasureInterval { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan KeepPublished { get; set; } = TimeSpan.FromDays(3);

    /// <summary>How long a pass holds its rows; a relay that dies mid-pass gives them up after this. Longer than a publish may take.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The deadline of one pass's publishes; a broker that does not confirm by then counts as a failed attempt.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Failed publishes of one message, while the broker is up, before it is set aside as a dead letter.</summary>
    public int MaxAttempts { get; set; } = 10;
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Publishes committed outbox rows without holding a lock or a transaction while it talks to the broker: a pass leases
/// due rows (FOR UPDATE SKIP LOCKED, so workers and replicas share the work), commits, publishes them concurrently with
/// broker confirms under one deadline, then marks each row by its own outcome. A row that cannot be read (unknown type,
/// bad JSON) is dead-lettered at once; one the broker keeps refusing while it is up is retried with a doubling pause and
/// dead-lettered after <see cref="OutboxRelayOptions.MaxAttempts"/>; during a broker outage rows wait without using up
/// attempts. Dead letters stay in the table for an operator to see and replay (<c>&lt;service&gt; outbox replay</c>).
/// No publication order is promised. A relay that dies after publishing but before marking lets the lease run out and
/// the rows go out again with the same message id: delivery is at least once, and consumers' inbox makes it once.
/// </summary>
public sealed partial class OutboxRelay(
    NpgsqlDataSource dataSource, OutboxStore store, IBus bus, IBusControl busControl, IOptions<OutboxRelayOptions> options,
    IMeterFactory meters, ILogger<OutboxRelay> logger) : BackgroundService
{
    // From the host's meter factory, not a static meter: the gauges below read this instance, and go with its host.
    private readonly Meter meter = meters.Create(SocialCommerceMetrics.MeterName);

    private readonly Counter<long> publishedCounter =
        SocialCommerceMetrics.From(meters).CreateCounter<long>("socialcommerce.outbox.published", description: "Outbox messages published");

    private readonly Counter<long> failedCounter = SocialCommerceMetrics.From(meters).CreateCounter<long>(
        "socialcommerce.outbox.publish_failures", description: "Outbox messages whose publish attempt failed").AtZero();

    private readonly Counter<long> deadLetteredCounter = SocialCommerceMetrics.From(meters).CreateCounter<long>(
        "socialcommerce.outbox.dead_lettered", description: "Outbox messages set aside as dead letters");

    private readonly NotificationListener notifications = new();
    private double lagSeconds;
    private long deadLetters;

    /// <summary>Age of the oldest unpublished message after the last pass, for the lag gauge and alerts.</summary>
    public double LagSeconds => Volatile.Read(ref lagSeconds);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        meter.CreateObservableGauge("socialcommerce.outbox.lag", () => LagSeconds, unit: "s",
            description: "Age of the oldest unpublished outbox message");
        meter.CreateObservableGauge("socialcommerce.outbox.dead_letters", () => Volatile.Read(ref deadLetters),
            description: "Outbox messages set aside, waiting for an operator");
        // LISTEN/NOTIFY turns polling latency into push latency; the poll interval stays as the safety net.
        _ = Task.Run(() => notifications.ListenAsync(dataSource, Outbox.NotifyChannel, options.Value.PollInterval, LogListenFailed, stoppingToken),
            stoppingToken);
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Workers))
            .Select(worker => Task.Run(() => WorkAsync(worker == 0, stoppingToken), stoppingToken)));
    }

    private async Task WorkAsync(bool housekeeper, CancellationToken stoppingToken)
    {
        var lastCleanup = DateTimeOffset.MinValue;
        var lastMeasure = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var claimed = await PublishBatchAsync(stoppingToken);
                if (housekeeper && DateTimeOffset.UtcNow - lastMeasure >= options.Value.MeasureInterval)
                {
                    var (lag, dead) = await store.MeasureAsync(stoppingToken);
                    Volatile.Write(ref lagSeconds, lag);
                    Volatile.Write(ref deadLetters, dead);
                    lastMeasure = DateTimeOffset.UtcNow;
                    if (DateTimeOffset.UtcNow - lastCleanup > TimeSpan.FromMinutes(10))
                    {
                        await store.DeletePublishedBeforeAsync(options.Value.KeepPublished, stoppingToken);
                        lastCleanup = DateTimeOffset.UtcNow;
                    }
                }

                if (claimed.Claimed == options.Value.BatchSize)
                {
                    // A full batch means a backlog: wake another worker to drain it alongside this one.
                    notifications.Wake();
                    continue;
                }

                if (await notifications.WaitAsync(options.Value.PollInterval, stoppingToken) && options.Value.GatherDelay > TimeSpan.Zero)
                    await Task.Delay(options.Value.GatherDelay, stoppingToken);
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

    /// <summary>One pass: lease, publish, mark. <paramref name="beforeMark"/> lets tests kill the relay mid-pass.</summary>
    internal async Task<(int Claimed, int Published)> PublishBatchAsync(CancellationToken cancellationToken, Func<Task>? beforeMark = null)
    {
        var relay = options.Value;
        var rows = await store.ClaimAsync(relay.BatchSize, relay.Lease, cancellationToken);
        if (rows.Count == 0) return (0, 0);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(relay.PublishTimeout);
        var outcomes = await Task.WhenAll(rows.Select(row => TryPublishAsync(row, deadline.Token)));
        // Stopping: the lease brings the rows back to the next relay, and a stop is no failed attempt.
        cancellationToken.ThrowIfCancellationRequested();
        if (beforeMark is not null) await beforeMark();

        var published = rows.Where((_, i) => outcomes[i] is null).Select(row => row.Id).ToList();
        await store.MarkPublishedAsync(published, cancellationToken);
        publishedCounter.Add(published.Count);

        var failures = JudgeFailures(rows, outcomes);
        if (failures.Count > 0)
        {
            failedCounter.Add(failures.Count);
            LogPublishFailed(failures.Count, rows.Count, failures[0].Counted, failures[0].Error);
            var dead = await store.RecordFailuresAsync(failures, relay.MaxAttempts, cancellationToken);
            if (dead > 0)
            {
                deadLetteredCounter.Add(dead);
                LogDeadLettered(dead);
            }
        }

        return (rows.Count, published.Count);
    }

    /// <returns>Null when published; else why not, and whether the row itself is at fault.</returns>
    private async Task<(string Error, bool Permanent)?> TryPublishAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        // A type this build does not know may be a newer build's event, written by a pod of the next version during a rolling
        // deploy: it is retried with backoff (a pod that knows it will take it) and only a dead letter after every attempt.
        if (Type.GetType(row.MessageType) is not { } type)
        {
            return ($"unknown message type {row.MessageType}", false);
        }

        object message;
        try
        {
            message = JsonSerializer.Deserialize(row.Body, type, OutboxJson.Options)
                ?? throw new InvalidOperationException("the body is JSON null");
        }
        catch (Exception exception)
        {
            // A known type whose body does not read as it: nothing about the broker or another pod can change this row.
            return ($"unreadable: {exception.Message}", true);
        }

        try
        {
            ActivityContext.TryParse(row.TraceParent, null, out var parent);
            using var activity = SocialCommerceMetrics.ActivitySource.StartActivity("outbox publish", ActivityKind.Producer, parent);
            await bus.Publish(message, type, context => context.MessageId = row.Id, cancellationToken);
            return null;
        }
        catch (Exception exception)
        {
            return (exception is OperationCanceledException ? "no broker confirm before the deadline" : exception.Message, false);
        }
    }

    /// <summary>
    /// A failure counts against the message only while the bus is healthy: when the broker is away every message fails, and
    /// none of them should end as a dead letter for it.
    /// </summary>
    private List<OutboxFailure> JudgeFailures(IReadOnlyList<OutboxRow> rows, (string Error, bool Permanent)?[] outcomes)
    {
        if (outcomes.All(outcome => outcome is null)) return [];
        var brokerUp = busControl.CheckHealth().Status == BusHealthStatus.Healthy;
        var failures = new List<OutboxFailure>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (outcomes[i] is not { } failure) continue;
            var attempts = rows[i].Attempts + (brokerUp ? 1 : 0);
            failures.Add(new OutboxFailure(rows[i].Id, failure.Error, failure.Permanent, brokerUp, RetryDelay(attempts)));
        }

        return failures;
    }

    private TimeSpan RetryDelay(int attempts)
    {
        var delay = options.Value.PollInterval * Math.Pow(2, Math.Min(attempts, 16));
        return delay < options.Value.MaxRetryDelay ? delay : options.Value.MaxRetryDelay;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox relay pass failed; retrying")]
    private partial void LogRelayFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox LISTEN connection failed; reconnecting")]
    private partial void LogListenFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "{Failed} of {Claimed} outbox messages were not published (counted against them: {Counted}; first error: {Error}); retrying")]
    private partial void LogPublishFailed(int failed, int claimed, bool counted, string error);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "{Count} outbox message(s) set aside as dead letters; see them with '<service> outbox dead-letters', replay with '<service> outbox replay'")]
    private partial void LogDeadLettered(int count);
}
