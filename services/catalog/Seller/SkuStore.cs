using Dapper;
using Npgsql;
using SocialCommerce.Catalog.Stock;
using SocialCommerce.Contracts.Events.Catalog;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Catalog.Seller;

/// <summary>What a PATCH asks for; at most one of <see cref="Stock"/> (absolute) and <see cref="StockDelta"/>.</summary>
public sealed record SkuChange(long? Price, long? ListPrice, int? Stock, int? StockDelta);

public enum SkuChangeOutcome { Changed, NotFound, ListPriceBelowPrice, StockBelowZero, StockAboveMax }

/// <summary>
/// Price and stock edits on one SKU, allowed in every product status (a listed product's public view follows).
/// Stock edits touch only <c>available</c>: reserved and sold belong to orders.
/// </summary>
public sealed class SkuStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    public async Task<(SkuChangeOutcome Outcome, SellerSku? Sku)> ChangeAsync(Guid shopId, Guid skuId, SkuChange change)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var sku = await connection.QuerySingleOrDefaultAsync<SkuRow>(
            $"""
            SELECT {ProductRows.SkuColumns} FROM skus
            WHERE id = @skuId AND product_id IN (SELECT id FROM products WHERE shop_id = @shopId)
            FOR NO KEY UPDATE
            """,
            new { skuId, shopId }, transaction);
        if (sku is null) return (SkuChangeOutcome.NotFound, null);

        var price = change.Price ?? sku.Price;
        var listPrice = change.ListPrice ?? sku.ListPrice;
        if (listPrice < price) return (SkuChangeOutcome.ListPriceBelowPrice, null);
        if (price != sku.Price || listPrice != sku.ListPrice)
        {
            await ChangePriceAsync(connection, transaction, sku, price, listPrice, now);
        }

        if (change.Stock is not null || change.StockDelta is not null)
        {
            // The guard is what keeps stock from going negative: it holds on the row itself, whatever ran in between.
            // In bigint, so the sum itself cannot overflow before it is compared with the bound.
            // The upper bound only stops growth: a SKU already above it (returns restocked onto it) may still be lowered.
            var target = change.Stock ?? (long)sku.Available + change.StockDelta!.Value;
            var lowering = change.StockDelta is <= 0;
            if (target > ProductValidation.MaxStock && !lowering) return (SkuChangeOutcome.StockAboveMax, null);
            var available = await connection.ExecuteScalarAsync<int?>(
                """
                UPDATE skus SET available = COALESCE(@stock, available + @delta)
                WHERE id = @skuId AND COALESCE(@stock, available::bigint + @delta) >= 0
                  AND (@lowering OR COALESCE(@stock, available::bigint + @delta) <= @max)
                RETURNING available
                """,
                new { skuId, stock = change.Stock, delta = change.StockDelta, lowering, max = ProductValidation.MaxStock }, transaction);
            if (available is null) return (SkuChangeOutcome.StockBelowZero, null);
            if (available < sku.Available)
            {
                await StockLowNotifier.NotifyCrossingsAsync(connection, transaction, new Dictionary<Guid, int> { [skuId] = sku.Available });
            }
        }

        var changed = await connection.QuerySingleAsync<SkuRow>(
            $"SELECT {ProductRows.SkuColumns} FROM skus WHERE id = @skuId", new { skuId }, transaction);
        await transaction.CommitAsync();
        return (SkuChangeOutcome.Changed, ProductRows.ToSellerSku(changed));
    }

    private static async Task ChangePriceAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, SkuRow sku, long price, long listPrice, DateTimeOffset now)
    {
        await connection.ExecuteAsync(
            """
            UPDATE skus SET price = @price, list_price = @listPrice WHERE id = @Id;
            UPDATE products SET min_price = (SELECT min(price) FROM skus WHERE product_id = @ProductId), updated_at = @now
            WHERE id = @ProductId
            """,
            new { sku.Id, sku.ProductId, price, listPrice, now }, transaction);
        await ProductStore.RecordPriceAsync(connection, transaction, sku.Id, price, listPrice, now);
        await Outbox.AddAsync(connection, transaction,
            new PriceChanged(sku.Id, sku.ProductId, sku.Price, price, sku.ListPrice, listPrice, sku.Currency, now));
    }
}
