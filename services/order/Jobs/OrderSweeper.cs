using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.Order.FlashSales;
using SocialCommerce.Order.Fulfilment;
using SocialCommerce.Order.GroupBuys;
using SocialCommerce.Order.Orders;

namespace SocialCommerce.Order.Jobs;

/// <summary>
/// The durable timers of an order: unpaid past its deadline → cancelled (stock released); delivered (or partially
/// refunded) and not confirmed for the auto-complete time → completed, so commission on what was kept settles; a group-buy
/// team past its deadline → failed (<see cref="TeamExpiry"/>); a flash-sale admission whose checkout died → units back to the quota
/// (<see cref="AbandonedAdmissions"/>). The deadlines are columns, so nothing is lost to a restart, and every
/// replica scans with FOR UPDATE SKIP LOCKED, so they share the due orders instead of racing for them. A payment
/// arriving while its order is being cancelled waits for the row lock and then finds it cancelled (and refunds).
/// </summary>
public sealed partial class OrderSweeper(
    NpgsqlDataSource dataSource, IOptions<OrderOptions> options, TimeProvider time, ILogger<OrderSweeper> logger) : BackgroundService
{
    internal const int BatchSize = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            try
            {
                // A full batch means a backlog (e.g. after downtime): drain it now rather than one batch per tick.
                while (await CancelUnpaidAsync(stoppingToken) == BatchSize)
                {
                }

                while (await CompleteDeliveredAsync(stoppingToken) == BatchSize)
                {
                }

                while (await TeamExpiry.FailExpiredAsync(dataSource, BatchSize, time.GetUtcNow(), stoppingToken) == BatchSize)
                {
                }

                while (await AbandonedAdmissions.ReturnAsync(dataSource, BatchSize, time.GetUtcNow(), stoppingToken) == BatchSize)
                {
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogSweepFailed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    internal Task<int> CancelUnpaidAsync(CancellationToken cancellationToken) =>
        SweepAsync(
            "SELECT id FROM orders WHERE status = 'awaiting-payment' AND expires_at <= @now ORDER BY expires_at LIMIT @BatchSize FOR UPDATE SKIP LOCKED",
            TimeSpan.Zero,
            (connection, transaction, orderId, now) =>
                OrderWriter.CancelAsync(connection, transaction, orderId, [OrderStatus.AwaitingPayment], CancelReasons.Expired, now),
            cancellationToken);

    internal Task<int> CompleteDeliveredAsync(CancellationToken cancellationToken) =>
        SweepAsync(
            """
            SELECT id FROM orders WHERE status IN ('delivered', 'partially-refunded') AND delivered_at <= @now
            ORDER BY delivered_at LIMIT @BatchSize FOR UPDATE SKIP LOCKED
            """,
            options.Value.AutoCompleteAfter,
            (connection, transaction, orderId, now) =>
                Completion.CompleteAsync(connection, transaction, orderId, [OrderStatus.Delivered, OrderStatus.PartiallyRefunded], "auto-completed", now),
            cancellationToken);

    /// <param name="age">How long ago the column must have passed: the query compares it with now minus this.</param>
    private async Task<int> SweepAsync(
        string dueQuery, TimeSpan age, Func<NpgsqlConnection, NpgsqlTransaction, Guid, DateTimeOffset, Task<OrderRow?>> act,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var due = (await connection.QueryAsync<Guid>(dueQuery, new { now = now - age, BatchSize }, transaction)).ToList();
        foreach (var orderId in due)
        {
            // One order that cannot move (a bug, a broken row) must not hold back the rest of the batch forever.
            await transaction.SaveAsync("swept_order", cancellationToken);
            try
            {
                await act(connection, transaction, orderId, now);
            }
            catch (Exception exception) when (exception is PostgresException or InvalidOperationException)
            {
                await transaction.RollbackAsync("swept_order", cancellationToken);
                LogOrderFailed(exception, orderId);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return due.Count;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Order {OrderId} could not be moved by the sweep; it is retried on the next tick")]
    private partial void LogOrderFailed(Exception exception, Guid orderId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Order sweep failed; retrying on the next tick")]
    private partial void LogSweepFailed(Exception exception);
}
