namespace SocialCommerce.Contracts.Events.Social;

/// <summary>
/// <paramref name="FollowerId"/> started following a user or a shop (<paramref name="TargetKind"/> "user" or "shop"). Only a
/// follow that changed the graph is announced: a repeated PUT is not.
/// </summary>
public sealed record Followed(Guid FollowerId, string TargetKind, Guid TargetId, DateTimeOffset FollowedAt);
