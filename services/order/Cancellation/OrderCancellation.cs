using Npgsql;
using SocialCommerce.Contracts.Events.Order;
using SocialCommerce.Order.Campaigns;
using SocialCommerce.Order.Orders;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Order.Cancellation;

/// <summary>
/// Cancelling an order, whoever asks (the shopper, the payment deadline, a declined payment, a failed checkout, a lapsed
/// stock commit, a failed group-buy team): the order moves to cancelled once, gives back its campaign seat, and owes the
/// calls that undo it, all in one transaction with OrderCancelled. Unpaid: the reservation is released (and flash-sale
/// units go back to the quota). Paid, not shipped: everything not yet refunded goes back and the sold stock is put back
/// on sale.
/// </summary>
public sealed class OrderCancellation(NpgsqlDataSource dataSource, OrderMetrics metrics, TimeProvider time)
{
    /// <summary>Cancels the order if it is still in one of <paramref name="from"/>; null when it was not.</summary>
    /// <param name="connection">Checkout passes the connection it holds; anyone else lets this open one.</param>
    public async Task<OrderRow?> CancelAsync(Guid orderId, string[] from, string reason, NpgsqlConnection? connection = null)
    {
        await using var owned = connection is null ? await dataSource.OpenConnectionAsync() : null;
        connection ??= owned!;
        await using var transaction = await connection.BeginTransactionAsync();
        var cancelled = await CancelAsync(connection, transaction, orderId, from, reason, time.GetUtcNow(), metrics);
        await transaction.CommitAsync();
        return cancelled;
    }

    /// <param name="restockIfPaid">False when the paid order's stock was never sold (its reservation lapsed).</param>
    public static async Task<OrderRow?> CancelAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId, string[] from, string reason, DateTimeOffset now,
        OrderMetrics metrics, bool restockIfPaid = true)
    {
        var before = await OrderStore.LockAsync(connection, transaction, orderId);
        if (before is null || !from.Contains(before.Status)) return null;
        var order = (await OrderStore.MoveAsync(connection, transaction, orderId, [before.Status], OrderStatus.Cancelled, now,
            note: reason, set: "cancel_reason = @reason, cancelled_at = @now", args: new { reason }))!;
        var wasPaid = before.Status == OrderStatus.Paid;
        if (before.TeamId is not null) await GroupBuyTeams.MemberLeftAsync(connection, transaction, before);
        if (wasPaid)
        {
            var lines = await OrderStore.LinesAsync(connection, orderId, transaction);
            var remaining = lines.Where(line => line.RefundedQuantity < line.Quantity)
                .Select(line => new RefundLine(line.SkuId, line.Quantity - line.RefundedQuantity, (line.Quantity - line.RefundedQuantity) * line.UnitPrice))
                .ToList();
            await OrderStore.OpenRefundAsync(connection, transaction, order, order.PaymentId!.Value, RefundKinds.Cancellation,
                order.PaidAmount - order.RefundCommitted, remaining, null, restockIfPaid, now);
        }
        else
        {
            await OrderTasks.ReleaseStockAsync(connection, transaction, orderId, now);
            // An unpaid flash-sale order gives its place back; a paid one was sold, and its refund restocks catalog instead.
            if (before.CampaignId is not null && await FlashSaleQuota.ReturnAsync(connection, transaction, orderId, ["held", "ordered"], now))
            {
                metrics.AdmissionReturned("cancelled");
            }
        }

        await Outbox.AddAsync(connection, transaction, new OrderCancelled(orderId, order.UserId, reason, wasPaid, now));
        metrics.OrderCancelled(reason);
        return order;
    }
}
