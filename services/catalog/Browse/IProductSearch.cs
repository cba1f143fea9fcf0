using SocialCommerce.ServiceDefaults;

namespace SocialCommerce.Catalog.Browse;

/// <summary>
/// The search port: every public listing of products (browse and full-text search) goes through it.
/// <see cref="PostgresProductSearch"/> is the built-in engine (pg_trgm + tsvector); an Elasticsearch adapter will
/// implement this same interface when its client package can be restored (brief §2, §8), fed by the product events.
/// Engines return cards in the requested order and a keyset cursor, never offsets, so paging stays stable
/// under inserts in either engine (Elasticsearch's search_after takes the same sort values).
/// </summary>
public interface IProductSearch
{
    Task<SearchPage> SearchAsync(ProductQuery query, CancellationToken cancellationToken = default);
}

public enum BrowseSort { Relevance, Newest, PriceAsc, PriceDesc, Sales }

/// <param name="Terms">Parsed search text; empty when there is none.</param>
/// <param name="CategoryIds">The requested category and its children; null for every category.</param>
/// <param name="After">Where the previous page ended.</param>
public sealed record ProductQuery(
    SearchTerms Terms, IReadOnlyList<int>? CategoryIds, Guid? ShopId, BrowseSort Sort, int Limit, BrowseCursor? After);

public sealed record ProductCard(
    Guid ProductId, Guid ShopId, string Title, string? Image, int CategoryId, IReadOnlyList<string> Tags, Money Price,
    Money ListPrice, long Sales);

public sealed record SearchPage(IReadOnlyList<ProductCard> Items, BrowseCursor? Next);
