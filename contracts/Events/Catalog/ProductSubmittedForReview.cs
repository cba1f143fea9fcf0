namespace SocialCommerce.Contracts.Events.Catalog;

/// <summary>
/// A merchant submitted a product (or a revision of it) for listing review. <paramref name="Revision"/> lets
/// moderation's decision be matched to the revision it judged, so a stale decision cannot list newer copy.
/// </summary>
public sealed record ProductSubmittedForReview(
    Guid ProductId, int Revision, Guid ShopId, Guid MerchantId, string Title, string Description,
    IReadOnlyList<string> Tags, IReadOnlyList<string> Images, DateTimeOffset SubmittedAt);
