namespace SocialCommerce.Contracts.Events.Social;

public sealed record Unliked(Guid UserId, Guid PostId, DateTimeOffset UnlikedAt);
