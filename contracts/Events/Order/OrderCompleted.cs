namespace SocialCommerce.Contracts.Events.Order;

/// <summary>The shopper confirmed receipt, or the auto-complete time after delivery passed. Commission settles on it.</summary>
public sealed record OrderCompleted(Guid OrderId, Guid UserId, Guid ShopId, long Total, string Currency, DateTimeOffset CompletedAt);
