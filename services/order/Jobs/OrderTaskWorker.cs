using Dapper;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.Contracts.Catalog.V1;
using SocialCommerce.Order.Orders;
using SocialCommerce.ServiceDefaults.Postgres;
using SocialCommerce.Contracts.Payment.V1;
using StockClient = SocialCommerce.Contracts.Catalog.V1.Stock.StockClient;
using PaymentsClient = SocialCommerce.Contracts.Payment.V1.Payments.PaymentsClient;

namespace SocialCommerce.Order.Jobs;

/// <summary>
/// Runs due <see cref="OrderTasks"/>. Rows are claimed with SKIP LOCKED so replicas share them; a failed call is
/// retried with exponential backoff (capped at 10 minutes) for as long as it takes: a refund owed is never dropped.
/// NOTIFY from the enqueuing transaction wakes the worker, the poll is the safety net.
/// </summary>
public sealed partial class OrderTaskWorker(
    NpgsqlDataSource dataSource, IServiceScopeFactory scopes, IOptions<OrderOptions> options,
    TimeProvider time, ILogger<OrderTaskWorker> logger) : BackgroundService
{
    private const int BatchSize = 20;
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
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var due = (await connection.QueryAsync<TaskRow>(
            """
            SELECT id, order_id, kind, payload::text AS payload, attempts FROM order_tasks
            WHERE done_at IS NULL AND next_attempt_at <= @now
            ORDER BY next_attempt_at LIMIT @BatchSize
            FOR UPDATE SKIP LOCKED
            """,
            new { now = time.GetUtcNow(), BatchSize }, transaction)).ToList();
        // Clients per pass, not per worker lifetime, so the HTTP client factory can rotate their handlers (DNS changes).
        using var scope = scopes.CreateScope();
        var stock = scope.ServiceProvider.GetRequiredService<StockClient>();
        var payments = scope.ServiceProvider.GetRequiredService<PaymentsClient>();
        foreach (var task in due)
        {
            string? error = null;
            // A savepoint per task: a task that fails after writing (a lapsed commit cancelling its order) leaves nothing
            // half done, and the others in the batch still commit.
            await transaction.SaveAsync("task", cancellationToken);
            try
            {
                await RunAsync(task, stock, payments, connection, transaction, cancellationToken);
            }
            catch (Exception exception) when (exception is RpcException or HttpRequestException or InvalidOperationException or PostgresException)
            {
                await transaction.RollbackAsync("task", cancellationToken);
                error = exception.Message;
                LogTaskFailed(exception, task.Kind, task.OrderId, task.Attempts + 1);
            }

            var backoff = TimeSpan.FromSeconds(Math.Min(600, Math.Pow(2, Math.Min(task.Attempts, 10))));
            await connection.ExecuteAsync(
                """
                UPDATE order_tasks SET attempts = attempts + 1, last_error = @error,
                    done_at = CASE WHEN @error IS NULL THEN @now END, next_attempt_at = @next
                WHERE id = @Id
                """,
                new { task.Id, error, now = time.GetUtcNow(), next = time.GetUtcNow() + backoff }, transaction);
            OrderMetrics.TaskRun(task.Kind, error is null);
        }

        await transaction.CommitAsync(cancellationToken);
        return due.Count;
    }

    private async Task RunAsync(
        TaskRow task, StockClient stock, PaymentsClient payments, NpgsqlConnection connection, NpgsqlTransaction transaction,
        CancellationToken cancellationToken)
    {
        switch (task.Kind)
        {
            case OrderTasks.CommitStock:
                var committed = await stock.CommitAsync(new OrderRequest { OrderId = task.OrderId.ToString() }, cancellationToken: cancellationToken);
                if (committed.State != ReservationState.Committed)
                {
                    // Paid only after the reservation lapsed (catalog was unreachable past its expiry): the stock is not
                    // the order's to sell any more, so the order is cancelled and the shopper refunded in full.
                    LogStockLapsed(task.OrderId, committed.State.ToString());
                    await OrderWriter.CancelAsync(connection, transaction, task.OrderId, [OrderStatus.Paid], CancelReasons.StockLapsed,
                        time.GetUtcNow(), restockIfPaid: false);
                }

                break;
            case OrderTasks.ReleaseStock:
                await stock.ReleaseAsync(new OrderRequest { OrderId = task.OrderId.ToString() }, cancellationToken: cancellationToken);
                break;
            case OrderTasks.Restock:
                var restock = OrderTasks.Read<RestockPayload>(task.Payload);
                var request = new RestockRequest { OrderId = task.OrderId.ToString(), RestockId = restock.RestockId.ToString() };
                request.Lines.AddRange(restock.Lines.Select(line => new Line { SkuId = line.SkuId.ToString(), Quantity = line.Quantity }));
                var restocked = await stock.RestockAsync(request, cancellationToken: cancellationToken);
                if (restocked.Outcome == RestockOutcome.NotCommitted && await CommitPendingAsync(connection, transaction, task.OrderId))
                {
                    // The order was cancelled before its stock commit got through: restock once the sale exists.
                    throw new InvalidOperationException($"Order {task.OrderId}'s stock commit is still owed; restock waits for it.");
                }

                // Otherwise not retryable: the sale never happened (reservation lapsed) or is already returned.
                if (restocked.Outcome != RestockOutcome.Restocked) LogRestockRefused(task.OrderId, restocked.Outcome.ToString());
                break;
            case OrderTasks.Refund:
                var refund = OrderTasks.Read<RefundPayload>(task.Payload);
                await payments.RefundAsync(new RefundRequest
                {
                    PaymentId = refund.PaymentId.ToString(),
                    RefundId = refund.RefundId.ToString(),
                    Amount = new Contracts.Payment.V1.Money { Amount = refund.Amount, Currency = refund.Currency },
                    Reason = refund.Reason,
                }, cancellationToken: cancellationToken);
                break;
            default:
                throw new InvalidOperationException($"Unknown order task kind '{task.Kind}'.");
        }
    }

    internal static Task<bool> CommitPendingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId) =>
        connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM order_tasks WHERE order_id = @orderId AND kind = 'commit-stock' AND done_at IS NULL)",
            new { orderId }, transaction);

    private sealed record TaskRow(Guid Id, Guid OrderId, string Kind, string Payload, int Attempts);

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
