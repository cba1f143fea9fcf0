namespace SocialCommerce.Contracts.Events.Order;

/// <summary>
/// The order's payment arrived and its stock is sold. Published once per order; referral-commission accrues on it,
/// recommendation and social learn what friends buy. <paramref name="CampaignType"/> (group-buy, flash-sale) is set for an
/// order placed in a campaign.
/// </summary>
public sealed record OrderPaid(
    Guid OrderId, string OrderNo, Guid UserId, Guid ShopId, Guid PaymentId, long Total, string Currency,
    IReadOnlyList<OrderLine> Lines, string? ReferralCode, DateTimeOffset PaidAt, Guid? CampaignId = null, string? CampaignType = null);
