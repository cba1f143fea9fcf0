using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialCommerce.ServiceDefaults;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Catalog.Browse;

public sealed record ProductListItem(
    Guid ProductId, Guid ShopId, string Title, string? Image, int CategoryId, IReadOnlyList<string> Tags, Money Price,
    Money ListPrice, long Sales,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Highlight);

public sealed record ProductList(IReadOnlyList<ProductListItem> Items, string? NextCursor);

public sealed record PriceHistory(IReadOnlyList<PriceHistoryEntry> Items);

public static class ProductEndpoints
{
    public const int QueryMaxLength = 64;

    private static readonly Dictionary<string, BrowseSort> Sorts = new(StringComparer.Ordinal)
    {
        ["relevance"] = BrowseSort.Relevance,
        ["newest"] = BrowseSort.Newest,
        ["price-asc"] = BrowseSort.PriceAsc,
        ["price-desc"] = BrowseSort.PriceDesc,
        ["sales"] = BrowseSort.Sales,
    };

    // Every parameter arrives as text and is checked here, so bad input gets field errors rather than a bare 400.
    public static async Task<Results<Ok<ProductList>, ValidationProblem>> List(
        string? q, string? categoryId, string? shopId, string? sort, string? limit, string? cursor,
        IProductSearch search, CategoryStore categories, CancellationToken cancellationToken)
    {
        var text = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        var validator = new Validator().MaxLength("q", text, QueryMaxLength);
        int? category = null;
        if (categoryId is not null)
        {
            validator.Check(int.TryParse(categoryId, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed), "categoryId", "must be a category id");
            category = parsed;
        }

        Guid? shop = null;
        if (shopId is not null)
        {
            validator.Check(Guid.TryParse(shopId, out var parsed), "shopId", "must be a shop id");
            shop = parsed;
        }

        var order = sort ?? (text is null ? "newest" : "relevance");
        validator.Check(Sorts.ContainsKey(order), "sort", $"must be one of {string.Join(", ", Sorts.Keys)}");
        validator.Check(order != "relevance" || text is not null, "sort", "relevance needs a search text (q)");
        var size = 20;
        if (limit is not null)
        {
            validator.Check(int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) && size is >= 1 and <= 50,
                "limit", "must be between 1 and 50");
        }

        BrowseCursor? after = null;
        if (cursor is not null && Sorts.TryGetValue(order, out var cursorSort))
        {
            validator.Check(BrowseCursor.TryDecode(cursor, cursorSort, out after), "cursor", "is not a cursor this list returned for this sort");
        }

        if (!validator.IsValid) return validator.ToProblem();

        var terms = SearchTerms.Parse(text);
        var categoryIds = category is null ? null : await categories.WithDescendantsAsync(category.Value, cancellationToken);
        var page = await search.SearchAsync(new ProductQuery(terms, categoryIds, shop, Sorts[order], size, after), cancellationToken);
        var items = page.Items.Select(card => new ProductListItem(
            card.ProductId, card.ShopId, card.Title, card.Image, card.CategoryId, card.Tags, card.Price, card.ListPrice, card.Sales,
            terms.IsEmpty ? null : Highlighter.Highlight(card.Title, terms)));
        return TypedResults.Ok(new ProductList(items.ToList(), page.Next?.Encode()));
    }

    public static async Task<Results<Ok<ProductDetail>, ProblemHttpResult>> Get(
        Guid productId, ListedProductStore products, CancellationToken cancellationToken)
    {
        var product = await products.FindAsync(productId, cancellationToken);
        return product is null ? Problems.NotFound("The product does not exist or is not on sale.") : TypedResults.Ok(product);
    }

    public static async Task<Results<Ok<PriceHistory>, ProblemHttpResult>> GetPriceHistory(
        Guid productId, ListedProductStore products, CancellationToken cancellationToken)
    {
        var history = await products.PriceHistoryAsync(productId, cancellationToken);
        return history is null ? Problems.NotFound("The product does not exist or is not on sale.") : TypedResults.Ok(new PriceHistory(history));
    }
}
