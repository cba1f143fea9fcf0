using Dapper;
using Npgsql;
using SocialCommerce.Contracts.Catalog.V1;
using Money = SocialCommerce.ServiceDefaults.Money;

namespace SocialCommerce.Social.Directory;

/// <summary>A tagged or favourited product as a post shows it; <see cref="Available"/> is false once it is off sale.</summary>
public sealed record ProductView(Guid ProductId, string Title, Money Price, string? ImageUrl, bool Available);

/// <summary>
/// The <c>products</c> table: catalog's products as social last saw them. Filled from catalog's ProductDirectory when a post
/// tags a product (which also proves it is listed), refreshed when catalog announces a listing, delisting or price change.
/// Reading posts never calls catalog.
/// </summary>
public sealed class ProductCards(ProductDirectory.ProductDirectoryClient directory, NpgsqlDataSource dataSource)
{
    /// <summary>Asks catalog about the products and stores what it says.</summary>
    /// <returns>Every product catalog knows, listed or not; unknown ids are missing.</returns>
    public async Task<IReadOnlyDictionary<Guid, ProductCard>> FetchAsync(IReadOnlyCollection<Guid> productIds, CancellationToken cancellationToken = default)
    {
        if (productIds.Count == 0) return new Dictionary<Guid, ProductCard>();
        var request = new GetProductsRequest();
        request.ProductIds.AddRange(productIds.Select(id => id.ToString()));
        var response = await directory.GetProductsAsync(request, deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: cancellationToken);
        var cards = response.Products.ToDictionary(card => Guid.Parse(card.ProductId));
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            INSERT INTO products (id, shop_id, title, price, currency, image_url, listed, refreshed_at)
            SELECT i, s, t, p, c, img, l, now() FROM unnest(@ids, @shopIds, @titles, @prices, @currencies, @images, @listed) AS x (i, s, t, p, c, img, l)
            ON CONFLICT (id) DO UPDATE SET shop_id = EXCLUDED.shop_id, title = EXCLUDED.title, price = EXCLUDED.price,
                currency = EXCLUDED.currency, image_url = EXCLUDED.image_url, listed = EXCLUDED.listed, refreshed_at = EXCLUDED.refreshed_at
            """,
            new
            {
                ids = cards.Keys.ToArray(),
                shopIds = cards.Values.Select(card => Guid.Parse(card.ShopId)).ToArray(),
                titles = cards.Values.Select(card => card.Title).ToArray(),
                prices = cards.Values.Select(card => card.Price.Amount).ToArray(),
                currencies = cards.Values.Select(card => card.Price.Currency).ToArray(),
                images = cards.Values.Select(card => string.IsNullOrEmpty(card.ImageUrl) ? null : card.ImageUrl).ToArray(),
                listed = cards.Values.Select(card => card.Listed).ToArray(),
            });
        return cards;
    }

    /// <summary>Refreshes a product social already holds (catalog announced a change); others are none of its business.</summary>
    public async Task RefreshIfKnownAsync(Guid productId, CancellationToken cancellationToken = default)
    {
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            if (!await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM products WHERE id = @productId)", new { productId }))
            {
                return;
            }
        }

        // Asking catalog, rather than applying the event, makes the order events arrive in irrelevant: its answer is current.
        await FetchAsync([productId], cancellationToken);
    }

    public static async Task<IReadOnlyDictionary<Guid, ProductView>> LoadAsync(
        NpgsqlConnection connection, IReadOnlyCollection<Guid> productIds, NpgsqlTransaction? transaction = null)
    {
        if (productIds.Count == 0) return new Dictionary<Guid, ProductView>();
        var rows = await connection.QueryAsync<(Guid Id, string Title, long Price, string Currency, string? ImageUrl, bool Listed)>(
            "SELECT id, title, price, currency, image_url, listed FROM products WHERE id = ANY(@ids)",
            new { ids = productIds.Distinct().ToArray() }, transaction);
        return rows.ToDictionary(row => row.Id, row => new ProductView(row.Id, row.Title, new Money(row.Price, row.Currency), row.ImageUrl, row.Listed));
    }
}
