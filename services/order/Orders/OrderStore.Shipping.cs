using Dapper;
using Npgsql;

namespace SocialCommerce.Order.Orders;

/// <summary>Shipments and the carrier's tracking events of an order.</summary>
public sealed partial class OrderStore
{
    /// <summary>Paid → shipped with its shipment row; null when the order is not paid (or shipped already).</summary>
    /// <exception cref="PostgresException">A unique violation: the tracking number is another order's (the transaction is spent).</exception>
    public static async Task<OrderRow?> ShipAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId, string carrier, string trackingNo, DateTimeOffset now)
    {
        var shipped = await MoveAsync(connection, transaction, orderId, [OrderStatus.Paid], OrderStatus.Shipped, now, $"{carrier} {trackingNo}", "shipped_at = @now");
        if (shipped is null) return null;
        await connection.ExecuteAsync(
            "INSERT INTO shipments (order_id, carrier, tracking_no, created_at) VALUES (@orderId, @carrier, @trackingNo, @now)",
            new { orderId, carrier, trackingNo, now }, transaction);
        return shipped;
    }

    public static Task<Guid?> FindShipmentAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string carrier, string trackingNo) =>
        connection.QuerySingleOrDefaultAsync<Guid?>(
            "SELECT order_id FROM shipments WHERE carrier = @carrier AND tracking_no = @trackingNo", new { carrier, trackingNo }, transaction);

    /// <summary>Stores a carrier event once by its id; false when it was stored before.</summary>
    public static async Task<bool> AddTrackingEventAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string carrier, string eventId, Guid orderId, string status,
        string description, DateTimeOffset occurredAt, DateTimeOffset now) =>
        await connection.ExecuteAsync(
            """
            INSERT INTO tracking_events (carrier, event_id, order_id, status, description, occurred_at, received_at)
            VALUES (@carrier, @eventId, @orderId, @status, @description, @occurredAt, @now) ON CONFLICT DO NOTHING
            """,
            new { carrier, eventId, orderId, status, description, occurredAt, now }, transaction) == 1;

    /// <summary>Shipped → delivered; the refund window runs from <paramref name="deliveredAt"/>.</summary>
    public static Task<OrderRow?> MarkDeliveredAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId, string note, DateTimeOffset deliveredAt, DateTimeOffset now) =>
        MoveAsync(connection, transaction, orderId, [OrderStatus.Shipped], OrderStatus.Delivered, now, note, "delivered_at = @deliveredAt", new { deliveredAt });
}
