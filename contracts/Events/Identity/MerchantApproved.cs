namespace SocialCommerce.Contracts.Events.Identity;

/// <summary>An admin approved a merchant application; catalog opens the shop.</summary>
public sealed record MerchantApproved(Guid UserId, Guid ApplicationId, string ShopName, DateTimeOffset ApprovedAt);
