namespace SocialCommerce.Contracts.Events.Catalog;

/// <summary>A product became visible to shoppers. Prices are in the smallest unit (fen).</summary>
public sealed record ProductListed(
    Guid ProductId, Guid ShopId, int CategoryId, string Title, IReadOnlyList<string> Tags, long MinPrice, string Currency,
    DateTimeOffset ListedAt);
