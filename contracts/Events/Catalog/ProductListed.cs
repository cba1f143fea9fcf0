namespace SocialCommerce.Contracts.Events.Catalog;

/// <summary>
/// A product became visible to shoppers. Prices are in the smallest unit (fen). ImageUrl is its first image (added later:
/// events from before it carry none).
/// </summary>
public sealed record ProductListed(
    Guid ProductId, Guid ShopId, int CategoryId, string Title, IReadOnlyList<string> Tags, long MinPrice, string Currency,
    DateTimeOffset ListedAt, string? ImageUrl = null);
