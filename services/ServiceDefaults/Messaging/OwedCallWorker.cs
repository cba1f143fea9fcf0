using System.Diagnostics.Metrics;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using SocialCommerce.ServiceDefaults.Postgres;
using SocialCommerce.ServiceDefaults.Telemetry;

namespace SocialCommerce.ServiceDefaults.Messaging;

public static class OwedCallExtensions
{
    /// <summary>
    /// The service's owed-call worker, making the calls of every registered <see cref="OwedCallHandler"/>
    /// (<c>builder.Services.AddScoped&lt;OwedCallHandler, MyHandler&gt;()</c>). Done rows stay, with <c>done_at</c>.
    /// </summary>
    /// <param name="pollInterval">How often due rows are looked for besides the NOTIFY at commit (retries fall due this way).</param>
    public static IHostApplicationBuilder AddOwedCalls(this IHostApplicationBuilder builder, Func<IServiceProvider, TimeSpan> pollInterval)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<IHostedService>(services => new OwedCallWorker(
            services.GetRequiredService<NpgsqlDataSource>(), services.GetRequiredService<IServiceScopeFactory>(), pollInterval(services),
            services.GetRequiredService<TimeProvider>(), services.GetRequiredService<IMeterFactory>(), services.GetRequiredService<ILogger<OwedCallWorker>>()));
        return builder;
    }
}

/// <summary>
/// Makes due <see cref="OwedCalls"/> without holding a lock or a transaction while the other side is asked: a pass leases due
/// rows (SKIP LOCKED, so replicas share them; committed at once), makes each call with a deadline, then records each outcome
/// in a transaction of its own with whatever the answer requires. A failed call is made again after its handler's backoff,
/// for as long as it takes: a refund or payout owed is never dropped. A worker that dies mid-pass lets the lease run out and
/// the calls are made again (each is idempotent at the callee). Stopping mid-batch hands the rows not reached back at once.
/// </summary>
public sealed partial class OwedCallWorker(
    NpgsqlDataSource dataSource, IServiceScopeFactory scopes, TimeSpan pollInterval, TimeProvider time, IMeterFactory meters,
    ILogger<OwedCallWorker> logger) : BackgroundService
{
    private const int BatchSize = 20;

    /// <summary>The longest deadline a call may have; the lease covers a whole batch of such calls.</summary>
    public static readonly TimeSpan MaxCallTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Lease = MaxCallTimeout * BatchSize + TimeSpan.FromSeconds(30);

    private readonly NotificationListener notifications = new();
    private readonly Counter<long> calls = meters.Create(SocialCommerceMetrics.MeterName).CreateCounter<long>(
        "socialcommerce.owed_calls", description: "Owed calls made, by kind and outcome (done, retry)");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _ = Task.Run(() => notifications.ListenAsync(dataSource, OwedCalls.NotifyChannel, pollInterval, LogListenFailed, stoppingToken), stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RunDueAsync(stoppingToken) == BatchSize)
                {
                }

                await notifications.WaitAsync(pollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogPassFailed(exception);
                await Task.Delay(pollInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>One pass over due calls; returns how many it claimed.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var due = await ClaimAsync(cancellationToken);
        if (due.Count == 0) return 0;
        // Handlers per pass, not per worker lifetime, so the HTTP client factory can rotate their gRPC handlers (DNS changes).
        await using var scope = scopes.CreateAsyncScope();
        var handlers = scope.ServiceProvider.GetServices<OwedCallHandler>().ToDictionary(handler => handler.Kind);
        var handled = 0;
        try
        {
            foreach (var call in due)
            {
                var done = await MakeAsync(call, handlers.GetValueOrDefault(call.Kind), cancellationToken);
                handled++;
                calls.Add(1, new KeyValuePair<string, object?>("kind", call.Kind), new KeyValuePair<string, object?>("outcome", done ? "done" : "retry"));
            }
        }
        finally
        {
            if (handled < due.Count) await HandBackAsync(due.Skip(handled).Select(call => call.Id).ToArray());
        }

        return due.Count;
    }

    private async Task<bool> MakeAsync(OwedCall call, OwedCallHandler? handler, CancellationToken cancellationToken)
    {
        try
        {
            if (handler is null) throw new InvalidOperationException($"No handler for owed calls of kind '{call.Kind}'.");
            var timeout = handler.CallTimeout < MaxCallTimeout ? handler.CallTimeout : MaxCallTimeout;
            var answer = await handler.CallAsync(call, time.GetUtcNow().UtcDateTime + timeout, cancellationToken);
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var now = time.GetUtcNow();
            await handler.RecordAsync(connection, transaction, call, answer, now);
            await connection.ExecuteAsync(
                "UPDATE owed_calls SET attempts = attempts + 1, last_error = NULL, done_at = @now WHERE id = @Id AND done_at IS NULL",
                new { call.Id, now }, transaction);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever went wrong with this call (the callee, the network, a bad payload, our database) is its own: it is
            // recorded and made again later, and the rest of the batch goes on.
            LogCallFailed(exception, call.Kind, call.SubjectId, call.Attempts + 1);
            var backoff = handler?.Backoff(call.Attempts) ?? TimeSpan.FromMinutes(10);
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync(
                "UPDATE owed_calls SET attempts = attempts + 1, last_error = @error, next_attempt_at = @next WHERE id = @Id",
                new { call.Id, error = exception.Message, next = time.GetUtcNow() + backoff });
            return false;
        }
    }

    private async Task<IReadOnlyList<OwedCall>> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var now = time.GetUtcNow();
        return (await connection.QueryAsync<OwedCall>(
            """
            UPDATE owed_calls c SET next_attempt_at = @leasedUntil
            FROM (
                SELECT id FROM owed_calls WHERE done_at IS NULL AND next_attempt_at <= @now
                ORDER BY next_attempt_at LIMIT @BatchSize FOR UPDATE SKIP LOCKED
            ) due
            WHERE c.id = due.id
            RETURNING c.id, c.kind, c.subject_id, c.payload::text AS payload, c.attempts
            """,
            new { now, leasedUntil = now + Lease, BatchSize })).ToList();
    }

    private async Task HandBackAsync(Guid[] ids)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await using var connection = await dataSource.OpenConnectionAsync(timeout.Token);
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE owed_calls SET next_attempt_at = @now WHERE id = ANY(@ids) AND done_at IS NULL",
                new { ids, now = time.GetUtcNow() }, cancellationToken: timeout.Token));
        }
        catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException)
        {
            LogHandBackFailed(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not hand back unfinished owed calls; their lease will")]
    private partial void LogHandBackFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Owed-call pass failed; retrying")]
    private partial void LogPassFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Owed call {Kind} for {SubjectId} failed (attempt {Attempt}); it will be made again")]
    private partial void LogCallFailed(Exception exception, string kind, Guid subjectId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Owed-call LISTEN connection failed; reconnecting")]
    private partial void LogListenFailed(Exception exception);
}
