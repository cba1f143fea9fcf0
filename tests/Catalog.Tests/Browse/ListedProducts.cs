using Dapper;
using Npgsql;

namespace SocialCommerce.Catalog.Tests.Browse;

/// <summary>
/// Products written straight into the tables, as the seller API would leave them: browse is tested on its own,
/// whatever state the seller workflow is in.
/// </summary>
internal static class ListedProducts
{
    private static long clock = DateTime.UtcNow.AddDays(-1).Ticks;

    public static async Task<Guid> NewShopAsync(this CatalogApp app, string name = "浏览测试店")
    {
        var shopId = Guid.CreateVersion7();
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.ExecuteAsync(
            "INSERT INTO shops (id, merchant_id, application_id, name) VALUES (@shopId, @merchantId, @applicationId, @name)",
            new { shopId, merchantId = Guid.CreateVersion7(), applicationId = Guid.CreateVersion7(), name });
        return shopId;
    }

    /// <summary>A product with one SKU and its initial price; each call is listed a second after the previous one.</summary>
    public static async Task<Guid> AddProductAsync(
        this CatalogApp app, Guid shopId, string title, string status = "listed", string description = "详情见图",
        string[]? tags = null, int categoryId = 203, long price = 9900, long sales = 0)
    {
        var productId = Guid.CreateVersion7();
        var skuId = Guid.CreateVersion7();
        var listedAt = new DateTime(Interlocked.Add(ref clock, TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.ExecuteAsync(
            """
            INSERT INTO products (id, shop_id, category_id, title, description, images, tags, status, min_price, sales, listed_at)
            VALUES (@productId, @shopId, @categoryId, @title, @description, ARRAY['https://img.example/' || @productId || '.jpg'],
                    @tags, @status, @price, @sales, CASE WHEN @status IN ('listed', 'delisted') THEN @listedAt END);
            INSERT INTO skus (id, product_id, attributes, attributes_key, price, list_price, available)
            VALUES (@skuId, @productId, '{"规格":"标准"}', '规格=标准', @price, @price + 1000, 10);
            INSERT INTO price_history (sku_id, price, list_price, changed_at) VALUES (@skuId, @price, @price + 1000, @listedAt);
            """,
            new { productId, skuId, shopId, categoryId, title, description, tags = tags ?? [], status, price, sales, listedAt });
        return productId;
    }
}
