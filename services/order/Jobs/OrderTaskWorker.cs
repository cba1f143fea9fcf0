using Dapper;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.Contracts.Catalog.V1;
using SocialCommerce.Order.Cancellation;
using SocialCommerce.Order.Orders;
using SocialCommerce.ServiceDefaults.Postgres;
using SocialCommerce.Contracts.Payment.V1;
using StockClient = SocialCommerce.Contracts.Catalog.V1.Stock.StockClient;
using PaymentsClient = SocialCommerce.Contracts.Payment.V1.Payments.PaymentsClient;

namespace SocialCommerce.Order.Jobs;

/// <summary>
/// Runs due <see cref="OrderTasks"/> without holding a lock or a transaction while the remote side is asked: a pass leases
/// due rows (SKIP LOCKED, so replicas share them; committed at once), calls each with a deadline, then records each
/// outcome in a transaction of its own with whatever the answer requires (a lapsed stock commit cancels its order). A
/// failed call is retried with exponential backoff (capped at 10 minutes) for as long as it takes: a refund owed is never
/// dropped. A worker that dies mid-pass lets the lease run out and the calls are made again (each is idempotent at the
/// callee). NOTIFY from the enqueuing transaction wakes the worker, the poll is the safety net.
/// </summary>
public sealed partial class OrderTaskWorker(
    NpgsqlDataSource dataSource, IServiceScopeFactory scopes, IOptions<OrderOptions> options,
    TimeProvider time, ILogger<OrderTaskWorker> logger) : BackgroundService
{
    private const int BatchSize = 20;

    /// <summary>Each call's deadline; the lease covers a whole batch of them.</summary>
    internal static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Lease = CallTimeout * BatchSize + TimeSpan.FromSeconds(30);

    private readonly NotificationListener notifications = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _ = Task.Run(() => notifications.ListenAsync(dataSource, OrderTasks.NotifyChannel, options.Value.SweepInterval, LogListenFailed, stoppingToken),
            stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RunDueAsync(stoppingToken) == BatchSize)
                {
                }

                await notifications.WaitAsync(options.Value.SweepInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogPassFailed(exception);
                await Task.Delay(options.Value.SweepInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>One pass over due tasks; returns how many it claimed.</summary>
    internal async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var due = await ClaimAsync(cancellationToken);
        if (due.Count == 0) return 0;
        // Clients per pass, not per worker lifetime, so the HTTP client factory can rotate their handlers (DNS changes).
        using var scope = scopes.CreateScope();
        var stock = scope.ServiceProvider.GetRequiredService<StockClient>();
        var payments = scope.ServiceProvider.GetRequiredService<PaymentsClient>();
        var handled = 0;
        try
        {
            foreach (var task in due)
            {
                string? error = null;
                try
                {
                    var answer = await CallAsync(task, stock, payments, cancellationToken);
                    await RecordDoneAsync(task, answer, cancellationToken);
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // Whatever went wrong with this task (the callee, the network, a bad payload, our database) is its
                    // own: it is recorded and retried, and the rest of the batch goes on.
                    error = exception.Message;
                    LogTaskFailed(exception, task.Kind, task.OrderId, task.Attempts + 1);
                    await RecordFailedAsync(task, error, cancellationToken);
                }

                handled++;
                OrderMetrics.TaskRun(task.Kind, error is null);
            }
        }
        finally
        {
            // Stopping mid-batch: the tasks not reached are handed back now rather than when the lease runs out.
            if (handled < due.Count) await ReleaseAsync(due.Skip(handled).Select(task => task.Id).ToArray());
        }

        return due.Count;
    }

    private async Task ReleaseAsync(Guid[] ids)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await using var connection = await dataSource.OpenConnectionAsync(timeout.Token);
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE order_tasks SET next_attempt_at = @now WHERE id = ANY(@ids) AND done_at IS NULL",
                new { ids, now = time.GetUtcNow() }, cancellationToken: timeout.Token));
        }
        catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException)
        {
            // The lease brings them back anyway.
            LogReleaseFailed(exception);
        }
    }

    private async Task<IReadOnlyList<TaskRow>> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var now = time.GetUtcNow();
        return (await connection.QueryAsync<TaskRow>(
            """
            UPDATE order_tasks t SET next_attempt_at = @leasedUntil
            FROM (
                SELECT id FROM order_tasks
                WHERE done_at IS NULL AND next_attempt_at <= @now
                ORDER BY next_attempt_at LIMIT @BatchSize
                FOR UPDATE SKIP LOCKED
            ) due
            WHERE t.id = due.id
            RETURNING t.id, t.order_id, t.kind, t.payload::text AS payload, t.attempts
            """,
            new { now, leasedUntil = now + Lease, BatchSize })).ToList();
    }

    /// <summary>The remote call alone: no connection is open while it runs.</summary>
    private async Task<object?> CallAsync(TaskRow task, StockClient stock, PaymentsClient payments, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow().UtcDateTime + CallTimeout;
        switch (task.Kind)
        {
            case OrderTasks.CommitStock:
                return await stock.CommitAsync(new OrderRequest { OrderId = task.OrderId.ToString() }, deadline: deadline, cancellationToken: cancellationToken);
            case OrderTasks.ReleaseStock:
                return await stock.ReleaseAsync(new OrderRequest { OrderId = task.OrderId.ToString() }, deadline: deadline, cancellationToken: cancellationToken);
            case OrderTasks.Restock:
                var restock = OrderTasks.Read<RestockPayload>(task.Payload);
                var request = new RestockRequest { OrderId = task.OrderId.ToString(), RestockId = restock.RestockId.ToString() };
                request.Lines.AddRange(restock.Lines.Select(line => new Line { SkuId = line.SkuId.ToString(), Quantity = line.Quantity }));
                return await stock.RestockAsync(request, deadline: deadline, cancellationToken: cancellationToken);
            case OrderTasks.Refund:
                var refund = OrderTasks.Read<RefundPayload>(task.Payload);
                return await payments.RefundAsync(new RefundRequest
                {
                    PaymentId = refund.PaymentId.ToString(),
                    RefundId = refund.RefundId.ToString(),
                    Amount = new Contracts.Payment.V1.Money { Amount = refund.Amount, Currency = refund.Currency },
                    Reason = refund.Reason,
                }, deadline: deadline, cancellationToken: cancellationToken);
            default:
                throw new InvalidOperationException($"Unknown order task kind '{task.Kind}'.");
        }
    }

    /// <summary>The answer's consequences and the task's completion, in one transaction.</summary>
    /// <exception cref="InvalidOperationException">The answer means: not yet (a restock waiting for its order's stock commit).</exception>
    private async Task RecordDoneAsync(TaskRow task, object? answer, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (answer is RestockResponse { Outcome: RestockOutcome.NotCommitted } && await OrderTasks.CommitPendingAsync(connection, transaction, task.OrderId))
        {
            // The order was cancelled before its stock commit got through: restock once the sale exists.
            throw new InvalidOperationException($"Order {task.OrderId}'s stock commit is still owed; restock waits for it.");
        }

        switch (task.Kind, answer)
        {
            case (OrderTasks.CommitStock, StockChangeResponse { State: not ReservationState.Committed } committed):
                // Paid only after the reservation lapsed (catalog was unreachable past its expiry): the stock is not
                // the order's to sell any more, so the order is cancelled and the shopper refunded in full.
                LogStockLapsed(task.OrderId, committed.State.ToString());
                await OrderCancellation.CancelAsync(connection, transaction, task.OrderId, [OrderStatus.Paid], CancelReasons.StockLapsed,
                    time.GetUtcNow(), restockIfPaid: false);
                break;
            case (_, RestockResponse { Outcome: not RestockOutcome.Restocked } restocked):
                // Not retryable: the sale never happened (reservation lapsed) or is already returned.
                LogRestockRefused(task.OrderId, restocked.Outcome.ToString());
                break;
        }

        await connection.ExecuteAsync(
            "UPDATE order_tasks SET attempts = attempts + 1, last_error = NULL, done_at = @now WHERE id = @Id",
            new { task.Id, now = time.GetUtcNow() }, transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task RecordFailedAsync(TaskRow task, string error, CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromSeconds(Math.Min(600, Math.Pow(2, Math.Min(task.Attempts, 10))));
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(
            "UPDATE order_tasks SET attempts = attempts + 1, last_error = @error, next_attempt_at = @next WHERE id = @Id",
            new { task.Id, error, next = time.GetUtcNow() + backoff });
    }

    private sealed record TaskRow(Guid Id, Guid OrderId, string Kind, string Payload, int Attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not hand back unfinished order tasks; their lease will")]
    private partial void LogReleaseFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Order task pass failed; retrying")]
    private partial void LogPassFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order task {Kind} for order {OrderId} failed (attempt {Attempt}); it will be retried")]
    private partial void LogTaskFailed(Exception exception, string kind, Guid orderId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Order {OrderId} was paid but its stock reservation is {State}; cancelling and refunding")]
    private partial void LogStockLapsed(Guid orderId, string state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catalog refused to restock order {OrderId}: {Outcome}")]
    private partial void LogRestockRefused(Guid orderId, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order task LISTEN connection failed; reconnecting")]
    private partial void LogListenFailed(Exception exception);
}
