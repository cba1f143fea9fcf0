using Dapper;
using Npgsql;

namespace SocialCommerce.Catalog.Stock;

/// <summary>Sold units of a committed order put back on sale: never more than the order bought, once per restock id.</summary>
public sealed partial class ReservationStore
{
    public async Task<RestockResult> RestockAsync(Guid orderId, Guid restockId, IReadOnlyList<StockLine> lines, CancellationToken cancellationToken = default)
    {
        var skuIds = lines.Select(line => line.SkuId).ToArray();
        var quantities = lines.Select(line => line.Quantity).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The row lock makes restocks of one order take turns: each one counts what the earlier ones returned, so
        // together they cannot return more than was sold, and a retry finds its first call committed.
        var state = await connection.QuerySingleOrDefaultAsync<string>(
            "SELECT state FROM stock_reservations WHERE order_id = @orderId FOR UPDATE",
            new { orderId }, transaction);

        var earlier = (await connection.QueryAsync<(Guid OrderId, Guid SkuId, int Quantity)>(
            """
            SELECT r.order_id, l.sku_id, l.quantity
            FROM stock_restocks r JOIN stock_restock_lines l USING (restock_id)
            WHERE r.restock_id = @restockId
            """,
            new { restockId }, transaction)).ToList();
        if (earlier.Count > 0) return IsSameRestock(earlier, orderId, lines) ? RestockResult.Restocked : RestockResult.RestockIdReused;

        // Only a committed order has sold units; a reserved one is still the order's to release.
        if (state != ReservationStates.Committed) return RestockResult.NotCommitted;

        var exceeds = await connection.ExecuteScalarAsync<bool>(
            """
            SELECT EXISTS (
                SELECT 1 FROM unnest(@skuIds, @quantities) AS l (sku_id, quantity)
                LEFT JOIN stock_reservation_lines b ON b.order_id = @orderId AND b.sku_id = l.sku_id
                WHERE l.quantity > coalesce(b.quantity, 0) - coalesce((
                    SELECT sum(rl.quantity) FROM stock_restocks r JOIN stock_restock_lines rl USING (restock_id)
                    WHERE r.order_id = @orderId AND rl.sku_id = l.sku_id), 0))
            """,
            new { orderId, skuIds, quantities }, transaction);
        if (exceeds) return RestockResult.ExceedsSold;

        // Restocks of one order take turns on the reservation row, so a conflict here is the same restock id used
        // for another order at the same moment: that call won, this one is the caller's mistake.
        var claimed = await connection.ExecuteAsync(
            "INSERT INTO stock_restocks (restock_id, order_id) VALUES (@restockId, @orderId) ON CONFLICT (restock_id) DO NOTHING",
            new { restockId, orderId }, transaction);
        if (claimed == 0) return RestockResult.RestockIdReused;

        await connection.ExecuteAsync(
            $"""
            SELECT 1 FROM skus WHERE id = ANY(@skuIds) ORDER BY id FOR NO KEY UPDATE;
            UPDATE skus s SET available = s.available + l.quantity, sold = s.sold - l.quantity
            FROM unnest(@skuIds, @quantities) AS l (sku_id, quantity) WHERE s.id = l.sku_id;
            {ProductSales.RestockedStatement};
            INSERT INTO stock_restock_lines (restock_id, sku_id, quantity)
            SELECT @restockId, l.sku_id, l.quantity FROM unnest(@skuIds, @quantities) AS l (sku_id, quantity);
            """,
            new { restockId, skuIds, quantities }, transaction);

        await transaction.CommitAsync(cancellationToken);
        metrics.RestockedUnits(quantities.Sum());
        return RestockResult.Restocked;
    }

    // A retry carries the same lines, maybe in another order; anything else reuses the id for a different restock.
    private static bool IsSameRestock(List<(Guid OrderId, Guid SkuId, int Quantity)> stored, Guid orderId, IReadOnlyList<StockLine> lines) =>
        stored.All(row => row.OrderId == orderId)
        && stored.Select(row => new StockLine(row.SkuId, row.Quantity)).OrderBy(line => line.SkuId)
            .SequenceEqual(lines.OrderBy(line => line.SkuId));
}
