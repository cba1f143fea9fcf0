using SocialCommerce.ServiceDefaults;

namespace SocialCommerce.Catalog.Seller;

public sealed record ProductRequest(
    string? Title, string? Description, int? CategoryId, IReadOnlyList<string?>? Images, IReadOnlyList<string?>? Tags,
    IReadOnlyList<SkuRequest?>? Skus);

public sealed record SkuRequest(
    Dictionary<string, string?>? Attributes, Money? Price, Money? ListPrice, int? Stock, int? LowStockThreshold);

/// <summary>A product body that passed validation: trimmed, deduplicated, SKUs keyed by their attribute set.</summary>
public sealed record ProductDraft(
    string Title, string Description, int CategoryId, string[] Images, string[] Tags, IReadOnlyList<SkuDraft> Skus)
{
    public long MinPrice => Skus.Min(sku => sku.Price);
}

public sealed record SkuDraft(
    IReadOnlyDictionary<string, string> Attributes, string AttributesKey, long Price, long ListPrice, int Stock, int? LowStockThreshold);

public sealed record SellerProductList(IReadOnlyList<SellerProduct> Items, string? NextCursor);

public sealed record SellerProduct(
    Guid ProductId, Guid ShopId, string Title, string Description, int CategoryId, IReadOnlyList<string> Images,
    IReadOnlyList<string> Tags, string Status, int Revision, IReadOnlyList<string> ModerationReasons, Guid? ModerationCaseId, Money MinPrice,
    DateTime CreatedAt, DateTime UpdatedAt, DateTime? ListedAt, IReadOnlyList<SellerSku> Skus);

/// <summary><c>stock</c> is what the merchant controls (available); reserved and sold are shown beside it.</summary>
public sealed record SellerSku(
    Guid SkuId, Guid ProductId, IReadOnlyDictionary<string, string> Attributes, Money Price, Money ListPrice, int Stock,
    int Available, int Reserved, int Sold, int? LowStockThreshold);

/// <summary>Product statuses as stored and as the API spells them.</summary>
public static class ProductStatus
{
    public const string Draft = "draft";
    public const string PendingReview = "pending-review";
    public const string Listed = "listed";
    public const string Rejected = "rejected";
    public const string Delisted = "delisted";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { Draft, PendingReview, Listed, Rejected, Delisted };
}
