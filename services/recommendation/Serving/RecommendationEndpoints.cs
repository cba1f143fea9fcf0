using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Recommendation.Serving;

/// <summary>For-you pages, similar items and trending (api.md); never an unlisted product.</summary>
public static class RecommendationEndpoints
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 50;

    public static RouteGroupBuilder MapRecommendationEndpoints(this RouteGroupBuilder recommendation)
    {
        var feeds = recommendation.MapGroup("/")
            .WithTag("Recommendations", "Products for a shopper, each with its reason: friends-bought, similar-to-purchase, trending or popular.");
        feeds.MapGet("/for-you", ForYouPage).WithName("forYou")
            .WithSummary("Products for me (trending for anonymous callers and without the personalisedRecommendations consent)");
        feeds.MapGet("/products/{productId:guid}/similar", Similar).WithName("similarProducts")
            .WithSummary("People who chose this also chose; falls back to the same category's trending");
        feeds.MapGet("/trending", Trending).WithName("trending").WithSummary("Time-decayed purchases, likes and favourites, per category or all");
        return recommendation;
    }

    public static async Task<Results<Ok<RecommendationPage>, ValidationProblem>> ForYouPage(
        int? limit, string? cursor, HttpContext context, ForYou forYou, RecommendationMetrics metrics)
    {
        var offset = 0;
        var validator = ValidateLimit(limit)
            .Check(cursor is null || (int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out offset) && offset <= TrendingLists.Length),
                "cursor", "is not a cursor this API returned");
        if (!validator.IsValid) return validator.ToProblem();
        Guid? caller = context.User.Identity?.IsAuthenticated == true ? context.User.UserId() : null;
        var all = await forYou.PagesAsync(caller, firstPage: cursor is null, context.RequestAborted);
        var size = limit ?? DefaultLimit;
        var page = all.Skip(offset).Take(size).ToList();
        metrics.Served("for-you", page.Select(item => item.Reason));
        var next = offset + size < all.Count ? (offset + size).ToString(CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new RecommendationPage(page, next));
    }

    public static async Task<Results<Ok<RecommendationList>, ValidationProblem, ProblemHttpResult>> Similar(
        Guid productId, int? limit, HttpContext context, NpgsqlDataSource dataSource, TrendingLists trending, RecommendationMetrics metrics)
    {
        var validator = ValidateLimit(limit);
        if (!validator.IsValid) return validator.ToProblem();
        var size = limit ?? DefaultLimit;
        await using var connection = await dataSource.OpenConnectionAsync(context.RequestAborted);
        var categoryId = await connection.ExecuteScalarAsync<int?>("SELECT category_id FROM products WHERE id = @productId", new { productId });
        if (categoryId is null) return Problems.NotFound("The product does not exist.");

        var similar = (await connection.QueryAsync<Candidate>(
            """
            SELECT p.id AS product_id, p.title, p.image_url, p.min_price, p.currency, s.score
            FROM similar_items s JOIN products p ON p.id = s.similar_id AND p.listed
            WHERE s.product_id = @productId ORDER BY s.score DESC, p.id LIMIT @size
            """,
            new { productId, size })).ToList();
        var items = similar.Select(candidate => candidate.As(Reasons.SimilarToPurchase, candidate.Score)).ToList();
        // Too few people chose it alongside others yet: the rest of the page is what trends in its category.
        foreach (var (candidate, reason) in await trending.ForAsync(categoryId, context.RequestAborted))
        {
            if (items.Count >= size) break;
            if (candidate.ProductId == productId || items.Any(item => item.ProductId == candidate.ProductId)) continue;
            items.Add(candidate.As(reason, candidate.Score));
        }

        metrics.Served("similar", items.Select(item => item.Reason));
        return TypedResults.Ok(new RecommendationList(items));
    }

    public static async Task<Results<Ok<RecommendationList>, ValidationProblem>> Trending(
        int? categoryId, int? limit, HttpContext context, TrendingLists trending, RecommendationMetrics metrics)
    {
        var validator = ValidateLimit(limit).Check(categoryId is null or > 0, "categoryId", "must be a category id");
        if (!validator.IsValid) return validator.ToProblem();
        var list = await trending.ForAsync(categoryId, context.RequestAborted);
        var items = list.Take(limit ?? DefaultLimit).Select(entry => entry.Product.As(entry.Reason, entry.Product.Score)).ToList();
        metrics.Served("trending", items.Select(item => item.Reason));
        return TypedResults.Ok(new RecommendationList(items));
    }

    private static Validator ValidateLimit(int? limit) =>
        new Validator().Check(limit is null or (> 0 and <= MaxLimit), "limit", $"must be between 1 and {MaxLimit}");
}
