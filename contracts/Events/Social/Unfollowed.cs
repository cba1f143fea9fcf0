namespace SocialCommerce.Contracts.Events.Social;

/// <summary>A follow was removed (by the follower, or because either side erased their account).</summary>
public sealed record Unfollowed(Guid FollowerId, string TargetKind, Guid TargetId, DateTimeOffset UnfollowedAt);
