namespace SocialCommerce.Contracts.Events.Social;

/// <summary>
/// <paramref name="UserId"/> liked a published post; <paramref name="ProductIds"/> are the products the post tags (what a
/// like says about taste), <paramref name="AuthorId"/> the user or shop that wrote it.
/// </summary>
public sealed record Liked(Guid UserId, Guid PostId, Guid AuthorId, IReadOnlyList<Guid> ProductIds, DateTimeOffset LikedAt);
