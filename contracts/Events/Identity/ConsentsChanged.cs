namespace SocialCommerce.Contracts.Events.Identity;

/// <summary>
/// A user's PIPL consents after a change (all three, not a diff). <paramref name="ChangedAt"/> is identity's database
/// time of the change: a consumer keeps the latest and ignores an older copy that arrives late.
/// </summary>
public sealed record ConsentsChanged(Guid UserId, bool SocialProof, bool PersonalisedRecommendations, bool Marketing, DateTimeOffset ChangedAt);
