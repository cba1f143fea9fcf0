using Dapper;
using Npgsql;
using SocialCommerce.Catalog.Stock;

namespace SocialCommerce.Catalog.Seller;

public enum UpdateOutcome { Updated, NotFound, NotEditable, SkuInUse }

/// <summary>A product's content and SKUs as the merchant writes them; status changes are <see cref="ListingStore"/>'s.</summary>
public sealed class ProductStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    public async Task<bool> CategoryExistsAsync(int categoryId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM categories WHERE id = @categoryId)", new { categoryId });
    }

    public async Task<Guid> CreateAsync(Guid shopId, ProductDraft draft)
    {
        var id = Guid.CreateVersion7();
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO products (id, shop_id, category_id, title, description, images, tags, status, min_price, created_at, updated_at)
            VALUES (@id, @shopId, @CategoryId, @Title, @Description, @Images, @Tags, 'draft', @MinPrice, @now, @now)
            """,
            new { id, shopId, draft.CategoryId, draft.Title, draft.Description, draft.Images, draft.Tags, draft.MinPrice, now }, transaction);
        for (var position = 0; position < draft.Skus.Count; position++)
        {
            await InsertSkuAsync(connection, transaction, id, draft.Skus[position], position, now);
        }

        await transaction.CommitAsync();
        return id;
    }

    /// <summary>
    /// Full update of a draft or rejected product. SKUs are matched by attribute set: a matched SKU keeps its id
    /// (and its price history, which grows when the price changes), new sets become new SKUs, missing ones go
    /// unless stock of theirs is reserved or sold. No PriceChanged here: the product is not visible to shoppers,
    /// and ProductListed carries the prices when it is listed.
    /// </summary>
    public async Task<UpdateOutcome> UpdateAsync(Guid shopId, Guid productId, ProductDraft draft)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var owned = await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM products WHERE id = @productId AND shop_id = @shopId)", new { productId, shopId }, transaction);
        if (!owned) return UpdateOutcome.NotFound;

        // SKUs in id order before the product, the order every stock move locks SKUs in: the other order could
        // deadlock with a reservation being settled.
        var existingByKey = (await connection.QueryAsync<ExistingSku>(
            """
            SELECT id, attributes_key, price, list_price, available, reserved, sold FROM skus
            WHERE product_id = @productId ORDER BY id FOR UPDATE
            """,
            new { productId }, transaction)).ToDictionary(sku => sku.AttributesKey, StringComparer.Ordinal);
        var status = await connection.ExecuteScalarAsync<string>(
            "SELECT status FROM products WHERE id = @productId FOR UPDATE", new { productId }, transaction);
        if (status is not (ProductStatus.Draft or ProductStatus.Rejected)) return UpdateOutcome.NotEditable;
        var keep = draft.Skus.Select(sku => sku.AttributesKey).ToHashSet(StringComparer.Ordinal);
        var removed = existingByKey.Where(pair => !keep.Contains(pair.Key)).Select(pair => pair.Value).ToList();
        if (removed.Any(sku => sku.Reserved > 0 || sku.Sold > 0)) return UpdateOutcome.SkuInUse;
        try
        {
            await connection.ExecuteAsync("DELETE FROM skus WHERE id = ANY(@ids)", new { ids = removed.Select(sku => sku.Id).ToArray() }, transaction);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return UpdateOutcome.SkuInUse; // a campaign or an old reservation still names it
        }

        var availableBefore = new Dictionary<Guid, int>();
        for (var position = 0; position < draft.Skus.Count; position++)
        {
            var sku = draft.Skus[position];
            if (!existingByKey.TryGetValue(sku.AttributesKey, out var current))
            {
                await InsertSkuAsync(connection, transaction, productId, sku, position, now);
                continue;
            }

            await connection.ExecuteAsync(
                """
                UPDATE skus SET price = @Price, list_price = @ListPrice, available = @Stock, low_stock_threshold = @LowStockThreshold,
                    position = @position
                WHERE id = @id
                """,
                new { sku.Price, sku.ListPrice, sku.Stock, sku.LowStockThreshold, position, id = current.Id }, transaction);
            if (sku.Price != current.Price || sku.ListPrice != current.ListPrice)
            {
                await RecordPriceAsync(connection, transaction, current.Id, sku.Price, sku.ListPrice, now);
            }

            if (sku.Stock < current.Available) availableBefore[current.Id] = current.Available;
        }

        await connection.ExecuteAsync(
            """
            UPDATE products SET title = @Title, description = @Description, category_id = @CategoryId, images = @Images, tags = @Tags,
                min_price = @MinPrice, updated_at = @now,
                -- An edit after a rejection is new copy: a late appeal decision about the old revision must not list it.
                revision = CASE WHEN status = 'rejected' THEN revision + 1 ELSE revision END
            WHERE id = @productId
            """,
            new { draft.Title, draft.Description, draft.CategoryId, draft.Images, draft.Tags, draft.MinPrice, now, productId }, transaction);
        await StockLowNotifier.NotifyCrossingsAsync(connection, transaction, availableBefore);
        await transaction.CommitAsync();
        return UpdateOutcome.Updated;
    }

    public async Task<SellerProduct?> FindAsync(Guid shopId, Guid productId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var product = await connection.QuerySingleOrDefaultAsync<ProductRow>(
            $"SELECT {ProductRows.ProductColumns} FROM products WHERE id = @productId AND shop_id = @shopId", new { productId, shopId });
        return product is null ? null : (await ProductRows.WithSkusAsync(connection, [product]))[0];
    }

    /// <summary>Newest first; the cursor is the id of the last product of the previous page.</summary>
    public async Task<SellerProductList> ListAsync(Guid shopId, string? status, int limit, Guid? cursor)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<ProductRow>(
            $"""
            SELECT {ProductRows.ProductColumns} FROM products
            WHERE shop_id = @shopId AND (@status::text IS NULL OR status = @status)
              AND (@cursor::uuid IS NULL OR (created_at, id) < (SELECT created_at, id FROM products WHERE id = @cursor AND shop_id = @shopId))
            ORDER BY created_at DESC, id DESC
            LIMIT @take
            """,
            new { shopId, status, cursor, take = limit + 1 })).ToList();
        var page = rows.Take(limit).ToList();
        var items = await ProductRows.WithSkusAsync(connection, page);
        return new SellerProductList(items, rows.Count > limit ? page[^1].Id.ToString() : null);
    }

    private static async Task InsertSkuAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid productId, SkuDraft sku, int position, DateTimeOffset now)
    {
        var id = Guid.CreateVersion7();
        await connection.ExecuteAsync(
            """
            INSERT INTO skus (id, product_id, attributes, attributes_key, price, list_price, available, low_stock_threshold, position)
            VALUES (@id, @productId, @attributes::jsonb, @AttributesKey, @Price, @ListPrice, @Stock, @LowStockThreshold, @position)
            """,
            new { id, productId, attributes = sku.AttributesKey, sku.AttributesKey, sku.Price, sku.ListPrice, sku.Stock, sku.LowStockThreshold, position },
            transaction);
        await RecordPriceAsync(connection, transaction, id, sku.Price, sku.ListPrice, now);
    }

    internal static Task RecordPriceAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid skuId, long price, long listPrice, DateTimeOffset now) =>
        connection.ExecuteAsync(
            "INSERT INTO price_history (sku_id, price, list_price, changed_at) VALUES (@skuId, @price, @listPrice, @now)",
            new { skuId, price, listPrice, now }, transaction);

    private sealed record ExistingSku(Guid Id, string AttributesKey, long Price, long ListPrice, int Available, int Reserved, int Sold);
}
