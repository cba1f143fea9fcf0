namespace SocialCommerce.Contracts.Events.Social;

/// <summary>A user kept a post or a product (<paramref name="TargetKind"/> "post" or "product").</summary>
public sealed record Favourited(Guid UserId, string TargetKind, Guid TargetId, DateTimeOffset FavouritedAt);
