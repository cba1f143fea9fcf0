using SocialCommerce.ServiceDefaults;

namespace SocialCommerce.Recommendation.Serving;

/// <summary>
/// One recommended product with why it is there: <see cref="Reasons"/>. ImageUrl is the product's first image as catalog
/// announced it (null for listings announced before its events carried one).
/// </summary>
public sealed record RecommendedItem(Guid ProductId, string Title, Money Price, string? ImageUrl, string Reason, double Score);

/// <summary>A list answer: <c>{ items }</c>.</summary>
public sealed record RecommendationList(IReadOnlyList<RecommendedItem> Items);

/// <summary>The for-you answer: <c>{ items, nextCursor }</c> (api.md); nextCursor is null on the last page.</summary>
public sealed record RecommendationPage(IReadOnlyList<RecommendedItem> Items, string? NextCursor);

public static class Reasons
{
    public const string FriendsBought = "friends-bought";
    public const string SimilarToPurchase = "similar-to-purchase";
    public const string Trending = "trending";
    /// <summary>The cold-start fill: listed products with no recent signal, most chosen of all time first, then newest.</summary>
    public const string Popular = "popular";
}

/// <summary>A product as a query returns it, before it gets its reason and score.</summary>
public sealed record Candidate(Guid ProductId, string Title, string? ImageUrl, long MinPrice, string Currency, double Score)
{
    public RecommendedItem As(string reason, double score) =>
        new(ProductId, Title, new Money(MinPrice, Currency), ImageUrl, reason, Math.Round(score, 6));
}
