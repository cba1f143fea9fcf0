using Npgsql;
using SocialCommerce.Contracts.Events.Order;
using SocialCommerce.Order.Orders;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Order.Fulfilment;

/// <summary>An order's end: the shopper confirmed receipt, or the auto-complete time after delivery passed.</summary>
public static class Completion
{
    /// <summary>A receipt confirmed before the carrier reported delivery counts as the delivery too (the refund window starts).</summary>
    public static async Task<OrderRow?> CompleteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId, string[] from, string note, DateTimeOffset now)
    {
        var order = await OrderTransitions.MoveAsync(connection, transaction, orderId, from, OrderStatus.Completed, now, note,
            "completed_at = @now, delivered_at = coalesce(delivered_at, @now)");
        if (order is null) return null;
        await Outbox.AddAsync(connection, transaction,
            new OrderCompleted(order.Id, order.UserId, order.ShopId, order.Total, order.Currency, now));
        return order;
    }
}
