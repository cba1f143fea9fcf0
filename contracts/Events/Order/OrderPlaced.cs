namespace SocialCommerce.Contracts.Events.Order;

/// <summary>A shopper checked out: stock is reserved and the order awaits payment until <paramref name="ExpiresAt"/>.</summary>
public sealed record OrderPlaced(
    Guid OrderId, string OrderNo, Guid UserId, Guid ShopId, long Total, string Currency, IReadOnlyList<OrderLine> Lines,
    string? ReferralCode, DateTimeOffset PlacedAt, DateTimeOffset ExpiresAt);
