using Dapper;
using Npgsql;

namespace SocialCommerce.Catalog.Tests.Stock;

public sealed record SkuLevels(int Available, int Reserved, int Sold)
{
    public int Total => Available + Reserved + Sold;
}

/// <summary>
/// Shops, products and SKUs written straight into the database: the stock tests need SKUs in a given state,
/// not the seller API's workflow that puts them there.
/// </summary>
internal static class StockSeed
{
    public static async Task<Guid> NewSkuAsync(this CatalogApp app, int available, string status = "listed", long price = 1999, int? lowStockThreshold = null)
    {
        var (shopId, productId, skuId) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.ExecuteAsync(
            """
            INSERT INTO shops (id, merchant_id, application_id, name) VALUES (@shopId, gen_random_uuid(), gen_random_uuid(), '库存测试店');
            INSERT INTO products (id, shop_id, category_id, title, description, images, tags, status, min_price, listed_at)
            VALUES (@productId, @shopId, 201, '赣南脐橙 5斤装', '当季现摘', '{}', '{}', @status, @price,
                    CASE WHEN @status = 'listed' THEN now() END);
            INSERT INTO skus (id, product_id, attributes, attributes_key, price, list_price, available, low_stock_threshold)
            VALUES (@skuId, @productId, '{"规格": "5斤", "果径": 80}', '果径=80;规格=5斤', @price, @price + 1000, @available, @lowStockThreshold);
            """,
            new { shopId, productId, skuId, status, price, available, lowStockThreshold });
        return skuId;
    }

    public static async Task<SkuLevels> LevelsAsync(this CatalogApp app, Guid skuId)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        return await connection.QuerySingleAsync<SkuLevels>("SELECT available, reserved, sold FROM skus WHERE id = @skuId", new { skuId });
    }

    public static async Task ExecuteAsync(this CatalogApp app, string sql, object? args = null)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.ExecuteAsync(sql, args);
    }
}
