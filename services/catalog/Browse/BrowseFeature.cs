using Microsoft.AspNetCore.Http.HttpResults;

namespace SocialCommerce.Catalog.Browse;

public sealed record CategoryTree(IReadOnlyList<CategoryNode> Items);

/// <summary>Public browse and search (/api/catalog/...).</summary>
public static class BrowseFeature
{
    public static IHostApplicationBuilder AddBrowseFeature(this IHostApplicationBuilder builder)
    {
        // The search port; an Elasticsearch adapter replaces this line when it exists (see IProductSearch).
        builder.Services.AddSingleton<IProductSearch, PostgresProductSearch>();
        builder.Services.AddSingleton<ListedProductStore>();
        builder.Services.AddSingleton<CategoryStore>();
        return builder;
    }

    public static WebApplication MapBrowseApi(this WebApplication app)
    {
        var catalog = app.MapGroup("/api/catalog").AllowAnonymous().WithTag("Browse", "Listed products for everyone: search (Chinese words and pinyin initials), categories, price history.");
        catalog.MapGet("/products", ProductEndpoints.List).WithSummary("Search and browse listed products");
        catalog.MapGet("/products/{productId:guid}", ProductEndpoints.Get).WithSummary("A listed product with its SKUs and campaigns");
        catalog.MapGet("/products/{productId:guid}/price-history", ProductEndpoints.GetPriceHistory);
        catalog.MapGet("/categories", GetCategories);
        catalog.MapGet("/skus", SkuCards.Get).WithName("getSkuCards").WithSummary("SKUs by id (ids=a,b,c; at most 50) with their product's title and image");
        return app;
    }

    public static async Task<Ok<CategoryTree>> GetCategories(CategoryStore categories, CancellationToken cancellationToken) =>
        TypedResults.Ok(new CategoryTree(await categories.TreeAsync(cancellationToken)));
}
