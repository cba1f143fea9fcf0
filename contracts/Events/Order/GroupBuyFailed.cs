namespace SocialCommerce.Contracts.Events.Order;

/// <summary>
/// A group-buy team's time ran out before every place was paid. Published once per team; its members' orders are
/// cancelled in the same transaction (paid ones refunded, OrderCancelled with reason group-buy-failed follows for each).
/// </summary>
public sealed record GroupBuyFailed(Guid TeamId, Guid CampaignId, IReadOnlyList<TeamMember> Members, DateTimeOffset FailedAt);
