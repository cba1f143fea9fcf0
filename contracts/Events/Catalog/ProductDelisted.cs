namespace SocialCommerce.Contracts.Events.Catalog;

public sealed record ProductDelisted(Guid ProductId, Guid ShopId, DateTimeOffset DelistedAt);
