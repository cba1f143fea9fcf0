using Dapper;
using Npgsql;
using SocialCommerce.Contracts.Events.Catalog;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Catalog.Stock;

/// <summary>
/// Publishes StockLow, through the outbox of the caller's transaction, for SKUs whose available stock has
/// just crossed below the merchant's threshold. Call it after any change that lowers available stock (a
/// reservation, a merchant's stock edit) with the SKUs' available stock before the change: only a crossing
/// is announced, not every sale while stock stays low.
/// </summary>
public static class StockLowNotifier
{
    public static async Task NotifyCrossingsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyDictionary<Guid, int> availableBefore)
    {
        if (availableBefore.Count == 0) return;
        var rows = await connection.QueryAsync<SkuLevel>(
            """
            SELECT s.id AS sku_id, s.product_id, p.shop_id, s.available, s.low_stock_threshold AS threshold
            FROM skus s JOIN products p ON p.id = s.product_id
            WHERE s.id = ANY(@ids) AND s.low_stock_threshold IS NOT NULL AND s.available < s.low_stock_threshold
            """,
            new { ids = availableBefore.Keys.ToArray() }, transaction);
        foreach (var row in rows.Where(row => availableBefore[row.SkuId] >= row.Threshold))
        {
            await Outbox.AddAsync(connection, transaction,
                new StockLow(row.SkuId, row.ProductId, row.ShopId, row.Available, row.Threshold, DateTimeOffset.UtcNow));
        }
    }

    private sealed record SkuLevel(Guid SkuId, Guid ProductId, Guid ShopId, int Available, int Threshold);
}
