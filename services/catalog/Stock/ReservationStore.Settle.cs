using Dapper;
using Npgsql;

namespace SocialCommerce.Catalog.Stock;

/// <summary>The ends of a reservation: released by order, committed as a sale, or expired by the sweep.</summary>
public sealed partial class ReservationStore
{
    public const int ExpiryBatchSize = 500;

    /// <returns>The state after the call; null when the order holds no reservation (unknown or rejected).</returns>
    public Task<string?> ReleaseAsync(Guid orderId, CancellationToken cancellationToken = default) => SettleAsync(orderId, sell: false, cancellationToken);

    /// <returns>The state after the call: committed, or the released/expired state that forbade the sale; null when unknown.</returns>
    public Task<string?> CommitAsync(Guid orderId, CancellationToken cancellationToken = default) => SettleAsync(orderId, sell: true, cancellationToken);

    /// <summary>Returns the stock of up to <paramref name="batchSize"/> lapsed reservations. Replicas skip each other's rows.</summary>
    public async Task<int> ExpireLapsedAsync(int batchSize, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var lapsed = (await connection.QueryAsync<Guid>(
            """
            SELECT order_id FROM stock_reservations
            WHERE state = 'reserved' AND expires_at <= @now
            ORDER BY expires_at LIMIT @batchSize
            FOR UPDATE SKIP LOCKED
            """,
            new { now = time.GetUtcNow(), batchSize }, transaction)).ToArray();
        if (lapsed.Length == 0) return 0;

        await ReturnStockAsync(connection, transaction, lapsed, ReservationStates.Expired);
        await transaction.CommitAsync(cancellationToken);
        metrics.ExpiredReservations(lapsed.Length);
        return lapsed.Length;
    }

    private async Task<string?> SettleAsync(Guid orderId, bool sell, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The row lock makes Release, Commit and the sweep take turns: only the first of them moves stock.
        var held = await connection.QuerySingleOrDefaultAsync<HeldRow>(
            "SELECT state, expires_at FROM stock_reservations WHERE order_id = @orderId FOR UPDATE",
            new { orderId }, transaction);
        if (held is null || held.State == ReservationStates.Rejected) return null;
        if (held.State != ReservationStates.Reserved) return held.State;

        string state;
        if (!sell)
        {
            state = ReservationStates.Released;
            await ReturnStockAsync(connection, transaction, [orderId], state);
        }
        else if (held.ExpiresAt <= time.GetUtcNow().UtcDateTime)
        {
            // Lapsed but not swept yet: the stock is no longer the order's to sell, whatever the sweep's timing.
            state = ReservationStates.Expired;
            await ReturnStockAsync(connection, transaction, [orderId], state);
        }
        else
        {
            state = ReservationStates.Committed;
            await SellAsync(connection, transaction, orderId);
        }

        await transaction.CommitAsync(cancellationToken);
        if (state == ReservationStates.Expired) metrics.ExpiredReservations(1);
        return state;
    }

    private static Task ReturnStockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] orderIds, string state) =>
        connection.ExecuteAsync(
            """
            SELECT 1 FROM skus WHERE id IN (SELECT sku_id FROM stock_reservation_lines WHERE order_id = ANY(@orderIds))
            ORDER BY id FOR NO KEY UPDATE;
            UPDATE skus s SET available = s.available + t.quantity, reserved = s.reserved - t.quantity
            FROM (SELECT sku_id, sum(quantity)::integer AS quantity FROM stock_reservation_lines
                  WHERE order_id = ANY(@orderIds) GROUP BY sku_id) t
            WHERE s.id = t.sku_id;
            UPDATE stock_reservations SET state = @state, updated_at = now() WHERE order_id = ANY(@orderIds);
            """,
            new { orderIds, state }, transaction);

    private static Task SellAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId) =>
        connection.ExecuteAsync(
            $"""
            SELECT 1 FROM skus WHERE id IN (SELECT sku_id FROM stock_reservation_lines WHERE order_id = @orderId)
            ORDER BY id FOR NO KEY UPDATE;
            UPDATE skus s SET reserved = s.reserved - l.quantity, sold = s.sold + l.quantity
            FROM stock_reservation_lines l WHERE l.order_id = @orderId AND s.id = l.sku_id;
            {ProductSales.SoldStatement};
            UPDATE stock_reservations SET state = 'committed', updated_at = now() WHERE order_id = @orderId;
            """,
            new { orderId }, transaction);

    private sealed record HeldRow(string State, DateTime ExpiresAt);
}
