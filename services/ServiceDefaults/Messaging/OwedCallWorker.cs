using System.Collections.Concurrent;
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

/// <summary>
/// Which owed calls a worker makes and how: the default lane makes every kind no other lane claims, one call at a time;
/// a named lane makes its handlers' kinds (<see cref="OwedCallHandler.Lane"/>), <paramref name="Parallel"/> at a time.
/// </summary>
/// <param name="BatchSize">Calls leased per pass.</param>
/// <param name="GatherDelay">How long a worker woken by a commit waits for more before it claims: under load one claim then
/// leases the calls of several commits instead of one (a claim walks the due index, dead entries and all). Adds at most this
/// to a call's latency; the default lane waits 20 ms, a lane whose calls someone waits for (a flash sale's orders) none.</param>
/// <param name="Lease">How long a pass's calls are its own: past it, a worker that died mid-pass has its calls made again by
/// another (or by itself, restarted). Default: long enough for the whole batch at <see cref="OwedCallWorker.MaxCallTimeout"/>.</param>
public sealed record OwedCallLane(string Name, int Parallel = 1, int BatchSize = 20, TimeSpan? Lease = null, TimeSpan GatherDelay = default)
{
    public static readonly OwedCallLane Default = new("default", GatherDelay: TimeSpan.FromMilliseconds(20));

    internal TimeSpan LeaseOrDefault =>
        Lease ?? OwedCallWorker.MaxCallTimeout * Math.Ceiling(BatchSize / (double)Parallel) + TimeSpan.FromSeconds(30);
}

public static class OwedCallExtensions
{
    /// <summary>
    /// The service's owed-call worker, making the calls of every registered <see cref="OwedCallHandler"/>
    /// (<c>builder.Services.AddScoped&lt;OwedCallHandler, MyHandler&gt;()</c>) that no other lane takes. Done rows stay, with <c>done_at</c>.
    /// </summary>
    /// <param name="pollInterval">How often due rows are looked for besides the NOTIFY at commit (retries fall due this way).</param>
    public static IHostApplicationBuilder AddOwedCalls(this IHostApplicationBuilder builder, Func<IServiceProvider, TimeSpan> pollInterval) =>
        builder.AddOwedCallLane(OwedCallLane.Default, pollInterval);

    /// <summary>
    /// A worker of its own for the handlers of <paramref name="lane"/>, resolvable as a keyed <see cref="OwedCallWorker"/> (the
    /// lane's name) so the code that owes a call can <see cref="OwedCallWorker.Wake"/> it without a NOTIFY.
    /// </summary>
    public static IHostApplicationBuilder AddOwedCallLane(
        this IHostApplicationBuilder builder, OwedCallLane lane, Func<IServiceProvider, TimeSpan> pollInterval)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddMetrics();
        var killAfterCall = builder.Environment.IsDevelopment() ? builder.Configuration["Faults:KillAfterOwedCall"] : null;
        builder.Services.AddKeyedSingleton(lane.Name, (services, _) => new OwedCallWorker(
            services.GetRequiredService<NpgsqlDataSource>(), services.GetRequiredService<IServiceScopeFactory>(), lane, pollInterval(services),
            services.GetRequiredService<TimeProvider>(), services.GetRequiredService<IMeterFactory>(), services.GetRequiredService<ILogger<OwedCallWorker>>(),
            killAfterCall));
        builder.Services.AddSingleton<IHostedService>(services => services.GetRequiredKeyedService<OwedCallWorker>(lane.Name));
        return builder;
    }
}

/// <summary>
/// Makes due <see cref="OwedCalls"/> without holding a lock or a transaction while the other side is asked: a pass leases due
/// rows (SKIP LOCKED, so replicas share them; committed at once), makes each call with a deadline, then records the outcomes
/// with whatever each answer requires, each under its own savepoint of one transaction (answers with nothing to record are
/// marked done together). A failed call is made again after its handler's backoff,
/// for as long as it takes: a refund or payout owed is never dropped. A worker that dies mid-pass lets the lease run out and
/// the calls are made again (each is idempotent at the callee). Stopping mid-batch hands the rows not reached back at once.
/// </summary>
/// <param name="killAfterCall">
/// Crash tests only (Development): the kind whose first answered call SIGKILLs this process before the answer is recorded, so
/// a test can show the call made again after a restart changes nothing twice.
/// </param>
public sealed partial class OwedCallWorker(
    NpgsqlDataSource dataSource, IServiceScopeFactory scopes, OwedCallLane lane, TimeSpan pollInterval, TimeProvider time, IMeterFactory meters,
    ILogger<OwedCallWorker> logger, string? killAfterCall = null) : BackgroundService
{
    /// <summary>The longest deadline a call may have; the default lease covers a whole batch of such calls.</summary>
    public static readonly TimeSpan MaxCallTimeout = TimeSpan.FromSeconds(30);

    private string[] included = [];
    private string[] excluded = [];

    private readonly NotificationListener notifications = new();
    private readonly Counter<long> calls = meters.Create(SocialCommerceMetrics.MeterName).CreateCounter<long>(
        "socialcommerce.owed_calls", description: "Owed calls made, by kind and outcome (done, retry)");

    /// <summary>Look for due calls now: the code that just owed one, in this process, need not wait for the poll.</summary>
    public void Wake() => notifications.Wake();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Which kinds are this lane's: a named lane's handlers; for the default lane, every kind no named lane has (unknown
        // kinds too, so a call without a handler is kept owed with the reason instead of left unseen).
        await using (var scope = scopes.CreateAsyncScope())
        {
            var lanes = scope.ServiceProvider.GetServices<OwedCallHandler>().ToLookup(handler => handler.Lane, handler => handler.Kind);
            if (lane.Name == OwedCallLane.Default.Name) excluded = lanes.Where(l => l.Key != lane.Name).SelectMany(l => l).ToArray();
            else included = lanes[lane.Name].ToArray();
        }

        // Lanes share the channel; each wakes for its own kinds (and for a NOTIFY without one).
        _ = Task.Run(() => notifications.ListenAsync(dataSource, OwedCalls.NotifyChannel, pollInterval, LogListenFailed, stoppingToken,
            wakesFor: kind => kind.Length == 0 || (lane.Name == OwedCallLane.Default.Name ? !excluded.Contains(kind) : included.Contains(kind))), stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RunDueAsync(stoppingToken) == lane.BatchSize)
                {
                }

                if (await notifications.WaitAsync(pollInterval, stoppingToken) && lane.GatherDelay > TimeSpan.Zero)
                    await Task.Delay(lane.GatherDelay, time, stoppingToken);
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

    /// <summary>
    /// One pass over due calls; returns how many it claimed. The calls are made first (as many at once as the lane allows),
    /// then every answer is recorded in one transaction, each under a savepoint of its own: a pass costs the database two
    /// transactions however many calls it made, and one answer whose recording fails is made again later without holding
    /// back the others.
    /// </summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var due = await ClaimAsync(cancellationToken);
        if (due.Count == 0) return 0;
        var answered = new ConcurrentQueue<Answered>();
        var failed = new ConcurrentQueue<Failed>();
        var scopesInUse = new ConcurrentQueue<AsyncServiceScope>();
        try
        {
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = lane.Parallel, CancellationToken = cancellationToken },
                async (call, token) =>
                {
                    // A scope per call, not per worker lifetime, so the HTTP client factory can rotate their gRPC handlers (DNS
                    // changes) and calls made side by side share no scoped state. It lives until the answer is recorded.
                    var scope = scopes.CreateAsyncScope();
                    scopesInUse.Enqueue(scope);
                    var handler = scope.ServiceProvider.GetServices<OwedCallHandler>().FirstOrDefault(h => h.Kind == call.Kind);
                    try
                    {
                        if (handler is null) throw new InvalidOperationException($"No handler for owed calls of kind '{call.Kind}'.");
                        var timeout = handler.CallTimeout < MaxCallTimeout ? handler.CallTimeout : MaxCallTimeout;
                        answered.Enqueue(new Answered(call, handler, await handler.CallAsync(call, time.GetUtcNow().UtcDateTime + timeout, token)));
                    }
                    catch (Exception exception) when (!token.IsCancellationRequested)
                    {
                        // Whatever went wrong with this call (the callee, the network, a bad payload) is its own: it is made
                        // again later, and the rest of the batch goes on.
                        failed.Enqueue(new Failed(call, handler, exception));
                    }
                });

            if (answered.Any(a => a.Call.Kind == killAfterCall)) System.Diagnostics.Process.GetCurrentProcess().Kill();
            await RecordAsync(answered.ToList(), failed, cancellationToken);
            await RetryLaterAsync(failed.ToList(), cancellationToken);
        }
        finally
        {
            var reached = answered.Select(a => a.Call.Id).Concat(failed.Select(f => f.Call.Id)).ToHashSet();
            if (reached.Count < due.Count) await HandBackAsync(due.Where(call => !reached.Contains(call.Id)).Select(call => call.Id).ToArray());
            foreach (var scope in scopesInUse) await scope.DisposeAsync();
        }

        return due.Count;
    }

    private sealed record Answered(OwedCall Call, OwedCallHandler Handler, object? Answer);

    private sealed record Failed(OwedCall Call, OwedCallHandler? Handler, Exception Exception);

    /// <summary>
    /// Each answer's consequences and its call marked done, under a savepoint each, in one transaction. Answers with nothing
    /// to record (most: a stock commit that committed) are marked done together, in one statement and no savepoint.
    /// </summary>
    private async Task RecordAsync(IReadOnlyList<Answered> answers, ConcurrentQueue<Failed> failed, CancellationToken cancellationToken)
    {
        if (answers.Count == 0) return;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        var quiet = answers.Where(a => !a.Handler.HasConsequences(a.Call, a.Answer)).ToList();
        if (quiet.Count > 0)
        {
            await connection.ExecuteAsync(OwedCalls.DoneManyStatement, new { ids = quiet.Select(a => a.Call.Id).ToArray(), now }, transaction);
            foreach (var (call, _, _) in quiet) calls.Add(1, new KeyValuePair<string, object?>("kind", call.Kind), new KeyValuePair<string, object?>("outcome", "done"));
        }

        foreach (var (call, handler, answer) in answers.Except(quiet))
        {
            await transaction.SaveAsync("owed_call", cancellationToken);
            try
            {
                await handler.RecordAsync(connection, transaction, call, answer, now);
                await connection.ExecuteAsync(OwedCalls.DoneStatement, new { call.Id, now }, transaction);
                calls.Add(1, new KeyValuePair<string, object?>("kind", call.Kind), new KeyValuePair<string, object?>("outcome", "done"));
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The answer meant "not yet", or recording it failed: rolled back alone, the call is made again later.
                await transaction.RollbackAsync("owed_call", cancellationToken);
                failed.Enqueue(new Failed(call, handler, exception));
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private async Task RetryLaterAsync(IReadOnlyList<Failed> failures, CancellationToken cancellationToken)
    {
        if (failures.Count == 0) return;
        var now = time.GetUtcNow();
        foreach (var (call, handler, exception) in failures)
        {
            LogCallFailed(exception, call.Kind, call.SubjectId, call.Attempts + 1);
            calls.Add(1, new KeyValuePair<string, object?>("kind", call.Kind), new KeyValuePair<string, object?>("outcome", "retry"));
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            UPDATE owed_calls c SET attempts = c.attempts + 1, last_error = f.error, next_attempt_at = f.next
            FROM unnest(@ids, @errors, @nexts) AS f (id, error, next) WHERE c.id = f.id AND c.done_at IS NULL
            """,
            new
            {
                ids = failures.Select(f => f.Call.Id).ToArray(), errors = failures.Select(f => f.Exception.Message).ToArray(),
                nexts = failures.Select(f => now + (f.Handler?.Backoff(f.Call.Attempts) ?? TimeSpan.FromMinutes(10))).ToArray(),
            });
    }

    private async Task<IReadOnlyList<OwedCall>> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var now = time.GetUtcNow();
        return (await connection.QueryAsync<OwedCall>(
            """
            UPDATE owed_calls c SET next_attempt_at = @leasedUntil
            FROM (
                SELECT id FROM owed_calls
                WHERE done_at IS NULL AND next_attempt_at <= @now
                  -- Only the default lane takes kinds beyond its own: a named lane without handlers claims nothing.
                  AND (@everyKind OR kind = ANY(@included)) AND kind <> ALL(@excluded)
                ORDER BY next_attempt_at LIMIT @BatchSize FOR UPDATE SKIP LOCKED
            ) due
            WHERE c.id = due.id
            RETURNING c.id, c.kind, c.subject_id, c.payload::text AS payload, c.attempts
            """,
            new { now, leasedUntil = now + lane.LeaseOrDefault, lane.BatchSize, included, excluded, everyKind = lane.Name == OwedCallLane.Default.Name })).ToList();
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
