namespace SocialCommerce.Contracts.Events.Order;

/// <summary>Every place of a group-buy team is paid: its orders proceed to shipping. Published once per team.</summary>
public sealed record GroupBuyCompleted(Guid TeamId, Guid CampaignId, IReadOnlyList<TeamMember> Members, DateTimeOffset CompletedAt);

public sealed record TeamMember(Guid UserId, Guid OrderId);
