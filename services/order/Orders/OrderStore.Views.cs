using System.Text.Json;
using Dapper;
using Npgsql;
using SocialCommerce.ServiceDefaults;

namespace SocialCommerce.Order.Orders;

/// <summary>Orders as their shopper or merchant sees them: lines, history, shipment tracking and refunds.</summary>
public sealed partial class OrderStore
{
    public async Task<OrderView?> ViewAsync(Guid orderId, Func<OrderRow, bool> visibleTo)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        // One snapshot for all the reads: otherwise a refund committed between them shows as succeeded while the order's
        // refunded total still says nothing came back.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
        var order = await connection.QuerySingleOrDefaultAsync<OrderRow>(
            $"SELECT {OrderRow.Columns} FROM orders WHERE id = @orderId", new { orderId }, transaction);
        if (order is null || !visibleTo(order)) return null;
        var lines = await LinesAsync(connection, orderId, transaction);
        var history = await connection.QueryAsync<(string Status, string? Note, DateTime At)>(
            "SELECT status, note, at FROM order_status_history WHERE order_id = @orderId ORDER BY id", new { orderId }, transaction);
        var shipment = (await connection.QueryAsync<(string Carrier, string TrackingNo, DateTime CreatedAt)>(
            "SELECT carrier, tracking_no, created_at FROM shipments WHERE order_id = @orderId", new { orderId }, transaction)).ToList();
        var tracking = await connection.QueryAsync<(string Status, string Description, DateTime OccurredAt)>(
            "SELECT status, description, occurred_at FROM tracking_events WHERE order_id = @orderId ORDER BY occurred_at", new { orderId }, transaction);
        var refunds = await connection.QueryAsync<(Guid Id, string Kind, long Amount, string Status, DateTime CreatedAt, DateTime? SucceededAt)>(
            "SELECT id, kind, amount, status, created_at, succeeded_at FROM refunds WHERE order_id = @orderId ORDER BY created_at", new { orderId }, transaction);
        await transaction.CommitAsync();
        var money = (long amount) => new Money(amount, order.Currency);
        return new OrderView(
            order.Id, order.OrderNo, order.Status, money(order.Total), money(order.PaidAmount), money(order.RefundedAmount),
            JsonSerializer.Deserialize<ShippingAddress>(order.ShippingAddress, Json)!,
            lines.Select(line => new OrderLineView(line.SkuId, line.ProductId, line.Title,
                JsonSerializer.Deserialize<Dictionary<string, string>>(line.Attributes, Json)!, money(line.UnitPrice), line.Quantity,
                line.RefundedQuantity)).ToList(),
            history.Select(change => new StatusChange(change.Status, change.Note, Utc(change.At))).ToList(),
            shipment is [var shipped]
                ? new ShipmentView(shipped.Carrier, shipped.TrackingNo, Utc(shipped.CreatedAt),
                    tracking.Select(e => new TrackingEventView(e.Status, e.Description, Utc(e.OccurredAt))).ToList())
                : null,
            refunds.Select(r => new RefundView(r.Id, r.Kind, money(r.Amount), r.Status, Utc(r.CreatedAt), r.SucceededAt is { } at ? Utc(at) : null)).ToList(),
            order is { PaymentId: { } paymentId, PayUrl: { } payUrl } ? new PaymentLink(paymentId, payUrl) : null,
            order.CancelReason, Utc(order.CreatedAt), Utc(order.ExpiresAt), order.ShopId);
    }

    /// <summary>Newest first, by keyset on the UUIDv7 id; <paramref name="owner"/> is the user_id or merchant_id column.</summary>
    public async Task<OrderPage> PageAsync(string owner, Guid ownerId, string? status, Guid? before, int limit)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(Guid Id, string OrderNo, string Status, long Total, string Currency, long ItemCount, string Title, DateTime CreatedAt)>(
            $"""
            SELECT o.id, o.order_no, o.status, o.total, o.currency,
                   (SELECT sum(quantity) FROM order_lines l WHERE l.order_id = o.id) AS item_count,
                   (SELECT title FROM order_lines l WHERE l.order_id = o.id ORDER BY sku_id LIMIT 1) AS title, o.created_at
            FROM orders o
            WHERE o.{owner} = @ownerId AND (@status::text IS NULL OR o.status = @status) AND (@before::uuid IS NULL OR o.id < @before)
            ORDER BY o.id DESC LIMIT @take
            """,
            new { ownerId, status, before, take = limit + 1 })).ToList();
        var items = rows.Take(limit)
            .Select(r => new OrderSummary(r.Id, r.OrderNo, r.Status, new Money(r.Total, r.Currency), (int)r.ItemCount, r.Title, Utc(r.CreatedAt)))
            .ToList();
        return new OrderPage(items, rows.Count > limit ? items[^1].OrderId.ToString() : null);
    }

    public static async Task<IReadOnlyList<OrderLineRow>> LinesAsync(NpgsqlConnection connection, Guid orderId, NpgsqlTransaction? transaction = null) =>
        (await connection.QueryAsync<OrderLineRow>(LinesStatement, new { orderId }, transaction)).ToList();

    private const string LinesStatement =
        """
        SELECT sku_id, product_id, title, attributes::text AS attributes, unit_price, quantity, refunded_quantity
        FROM order_lines WHERE order_id = @orderId ORDER BY sku_id
        """;

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}
