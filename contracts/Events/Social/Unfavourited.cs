namespace SocialCommerce.Contracts.Events.Social;

public sealed record Unfavourited(Guid UserId, string TargetKind, Guid TargetId, DateTimeOffset UnfavouritedAt);
