using Dapper;
using Npgsql;

namespace SocialCommerce.Catalog.Stock;

/// <summary>
/// products.sales, the "已售" count browse sorts by, raised in batches: a commit (catalog_settle_stock, Migrations/0080) or restock
/// appends its units to product_sales_pending (Migrations/0070 says why), and <see cref="FoldAsync"/> adds them to the products every
/// <c>Catalog:SalesFoldSeconds</c>. The count is a display figure; skus.sold stays exact at every commit.
/// </summary>
public sealed class ProductSales(NpgsqlDataSource dataSource)
{
    /// <summary>The advisory lock a fold holds (hashed with <c>hashtext</c>): whoever holds it, no fold runs.</summary>
    public const string FoldLock = "catalog.product-sales-fold";

    /// <summary>Appends units put back on sale (negative), inside the restock's transaction.</summary>
    public const string RestockedStatement =
        """
        INSERT INTO product_sales_pending (product_id, quantity)
        SELECT s.product_id, -sum(l.quantity) FROM unnest(@skuIds, @quantities) AS l (sku_id, quantity) JOIN skus s ON s.id = l.sku_id
        GROUP BY s.product_id
        """;

    /// <summary>
    /// Adds every pending row to its product and deletes it, in one transaction; returns the products changed. One
    /// replica folds at a time (the others skip the pass), so two folds never lock products in different orders.
    /// </summary>
    /// <param name="wait">Wait for a fold running elsewhere instead of skipping: everything committed before the call is
    /// then counted when it returns (what a test reading the count needs).</param>
    public async Task<int> FoldAsync(CancellationToken cancellationToken = default, bool wait = false)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var mine = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            wait ? "SELECT true FROM pg_advisory_xact_lock(hashtext(@FoldLock))" : "SELECT pg_try_advisory_xact_lock(hashtext(@FoldLock))",
            new { FoldLock }, transaction, cancellationToken: cancellationToken));
        if (!mine) return 0;

        // Demo data seeds sales apart from skus.sold, so a restock can give back more than the count holds: it stops at 0.
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            WITH taken AS (DELETE FROM product_sales_pending RETURNING product_id, quantity),
                 summed AS (SELECT product_id, sum(quantity) AS quantity FROM taken GROUP BY product_id)
            UPDATE products p SET sales = greatest(p.sales + s.quantity, 0)
            FROM summed s WHERE p.id = s.product_id AND s.quantity <> 0
            """,
            transaction: transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }
}
