using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.Order.Campaigns;
using SocialCommerce.Order.Cancellation;
using SocialCommerce.Order.GroupBuys;
using SocialCommerce.Order.Orders;
using SocialCommerce.ServiceDefaults.Hosting;

namespace SocialCommerce.Order.Jobs;

/// <summary>
/// The durable timers of an order, each a periodic sweep (ServiceDefaults' <see cref="PeriodicSweep"/>): unpaid past its
/// deadline → cancelled (stock released); delivered (or partially refunded) and not confirmed for the auto-complete time →
/// completed, so commission on what was kept settles; a group-buy team past its deadline → failed (<see cref="TeamExpiry"/>);
/// a flash-sale admission whose checkout died → units back to the quota. The deadlines are columns, so nothing is lost to a
/// restart, and every replica claims with FOR UPDATE SKIP LOCKED, so they share the due rows instead of racing for them. A
/// payment arriving while its order is being cancelled waits for the row lock and then finds it cancelled (and refunds).
/// </summary>
public static partial class OrderSweeps
{
    public const int BatchSize = 200;

    public static IHostApplicationBuilder AddOrderSweeps(this IHostApplicationBuilder builder)
    {
        static TimeSpan Interval(IServiceProvider services) => services.GetRequiredService<IOptions<OrderOptions>>().Value.SweepInterval;

        builder.AddPeriodicSweep("order-payment-deadline", Interval, BatchSize, (services, cancellationToken) =>
            EachDueOrderAsync(services, OrderStore.LockExpiredUnpaidAsync, (connection, transaction, orderId, now) =>
                OrderCancellation.CancelAsync(connection, transaction, orderId, [OrderStatus.AwaitingPayment], CancelReasons.Expired, now,
                    services.GetRequiredService<OrderMetrics>()),
                cancellationToken));
        builder.AddPeriodicSweep("order-auto-complete", Interval, BatchSize, (services, cancellationToken) =>
        {
            var completeAfter = services.GetRequiredService<IOptions<OrderOptions>>().Value.AutoCompleteAfter;
            return EachDueOrderAsync(services,
                (connection, transaction, now, limit) => OrderStore.LockUnconfirmedDeliveriesAsync(connection, transaction, now - completeAfter, limit),
                (connection, transaction, orderId, now) => OrderStore.CompleteAsync(
                    connection, transaction, orderId, [OrderStatus.Delivered, OrderStatus.PartiallyRefunded], "auto-completed", now),
                cancellationToken);
        });
        builder.AddPeriodicSweep("group-buy-team-expiry", Interval, BatchSize, (services, cancellationToken) =>
            TeamExpiry.FailExpiredAsync(services.GetRequiredService<NpgsqlDataSource>(), BatchSize,
                services.GetRequiredService<TimeProvider>().GetUtcNow(), services.GetRequiredService<OrderMetrics>(), cancellationToken));
        builder.AddPeriodicSweep("flash-sale-abandoned-admissions", Interval, BatchSize, async (services, cancellationToken) =>
        {
            await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var returned = await FlashSaleQuota.ReturnAbandonedAsync(
                connection, transaction, services.GetRequiredService<TimeProvider>().GetUtcNow(), BatchSize, services.GetRequiredService<OrderMetrics>());
            await transaction.CommitAsync(cancellationToken);
            return returned;
        });
        return builder;
    }

    /// <summary>
    /// Locks a batch of due orders in one transaction and moves each under a savepoint: one order that cannot move (a bug,
    /// a broken row) is logged and skipped until the next tick instead of holding back the rest of the batch forever.
    /// </summary>
    private static async Task<int> EachDueOrderAsync(
        IServiceProvider services, Func<NpgsqlConnection, NpgsqlTransaction, DateTimeOffset, int, Task<IReadOnlyList<Guid>>> lockDue,
        Func<NpgsqlConnection, NpgsqlTransaction, Guid, DateTimeOffset, Task<OrderRow?>> move, CancellationToken cancellationToken)
    {
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OrderSweeps));
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var due = await lockDue(connection, transaction, now, BatchSize);
        foreach (var orderId in due)
        {
            await transaction.SaveAsync("swept_order", cancellationToken);
            try
            {
                await move(connection, transaction, orderId, now);
            }
            catch (Exception exception) when (exception is PostgresException or InvalidOperationException)
            {
                await transaction.RollbackAsync("swept_order", cancellationToken);
                LogOrderFailed(logger, exception, orderId);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return due.Count;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Order {OrderId} could not be moved by the sweep; it is retried on the next tick")]
    private static partial void LogOrderFailed(ILogger logger, Exception exception, Guid orderId);
}
