namespace SocialCommerce.Contracts.Events.Catalog;

/// <summary>A SKU's price or list price changed; amounts in the smallest unit (fen).</summary>
public sealed record PriceChanged(
    Guid SkuId, Guid ProductId, long OldPrice, long NewPrice, long OldListPrice, long NewListPrice, string Currency,
    DateTimeOffset ChangedAt);
