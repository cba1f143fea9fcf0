namespace SocialCommerce.Contracts.Events.Catalog;

/// <summary>A SKU's available stock fell below the merchant's threshold.</summary>
public sealed record StockLow(Guid SkuId, Guid ProductId, Guid ShopId, int Available, int Threshold, DateTimeOffset At);
