using Dapper;
using MassTransit;
using Npgsql;
using SocialCommerce.Contracts.Events.Catalog;

namespace SocialCommerce.Recommendation.Ingest;

/// <summary>
/// A product went on sale (again): its card is stored or replaced. Each change carries catalog's time, and a copy older than
/// the stored one (redelivered, or overtaken by a delisting) changes nothing, so no inbox is needed.
/// </summary>
public sealed class ProductListedConsumer(NpgsqlDataSource dataSource) : IConsumer<ProductListed>
{
    public async Task Consume(ConsumeContext<ProductListed> context)
    {
        var listed = context.Message;
        await using var connection = await dataSource.OpenConnectionAsync(context.CancellationToken);
        await connection.ExecuteAsync(
            """
            INSERT INTO products (id, shop_id, category_id, title, image_url, min_price, currency, listed, listed_at, changed_at)
            VALUES (@ProductId, @ShopId, @CategoryId, @Title, @ImageUrl, @MinPrice, @Currency, true, @at, @at)
            ON CONFLICT (id) DO UPDATE SET shop_id = excluded.shop_id, category_id = excluded.category_id, title = excluded.title,
                image_url = excluded.image_url, min_price = excluded.min_price, currency = excluded.currency, listed = true,
                listed_at = excluded.listed_at, changed_at = excluded.changed_at
            WHERE products.changed_at < excluded.changed_at
            """,
            new { listed.ProductId, listed.ShopId, listed.CategoryId, listed.Title, listed.ImageUrl, listed.MinPrice, listed.Currency, at = listed.ListedAt.ToUniversalTime() });
    }
}

/// <summary>Off sale: never recommended again until catalog lists it anew.</summary>
public sealed class ProductDelistedConsumer(NpgsqlDataSource dataSource) : IConsumer<ProductDelisted>
{
    public async Task Consume(ConsumeContext<ProductDelisted> context)
    {
        var delisted = context.Message;
        await using var connection = await dataSource.OpenConnectionAsync(context.CancellationToken);
        await connection.ExecuteAsync(
            "UPDATE products SET listed = false, changed_at = @at WHERE id = @ProductId AND changed_at < @at",
            new { delisted.ProductId, at = delisted.DelistedAt.ToUniversalTime() });
    }
}

/// <summary>
/// A SKU's price changed. The card shows the product's lowest price; with one SKU's price known here, the card only moves
/// down to a new lower price, or to this SKU's new price when it was the one at the minimum.
/// </summary>
public sealed class PriceChangedConsumer(NpgsqlDataSource dataSource) : IConsumer<PriceChanged>
{
    public async Task Consume(ConsumeContext<PriceChanged> context)
    {
        var changed = context.Message;
        await using var connection = await dataSource.OpenConnectionAsync(context.CancellationToken);
        await connection.ExecuteAsync(
            """
            UPDATE products SET min_price = @NewPrice
            WHERE id = @ProductId AND (@NewPrice < min_price OR min_price = @OldPrice)
            """,
            new { changed.ProductId, changed.NewPrice, changed.OldPrice });
    }
}
