using Dapper;
using Npgsql;
using SocialCommerce.ServiceDefaults;

namespace SocialCommerce.Catalog.Seller;

/// <summary>Settable properties, not a positional record: Dapper matches constructors by exact column type, and text[] reads as Array.</summary>
internal sealed class ProductRow
{
    public Guid Id { get; init; }
    public Guid ShopId { get; init; }
    public int CategoryId { get; init; }
    public string Title { get; init; } = "";
    public string Description { get; init; } = "";
    public string[] Images { get; init; } = [];
    public string[] Tags { get; init; } = [];
    public string Status { get; init; } = "";
    public int Revision { get; init; }
    public string[] ModerationReasons { get; init; } = [];
    public Guid? ModerationCaseId { get; init; }
    public long MinPrice { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public DateTime? ListedAt { get; init; }
}

internal sealed record SkuRow(
    Guid Id, Guid ProductId, string Attributes, long Price, long ListPrice, string Currency, int Available, int Reserved, int Sold,
    int? LowStockThreshold);

/// <summary>Reads products with their SKUs in the seller's shape; shared by the stores that answer with them.</summary>
internal static class ProductRows
{
    public const string ProductColumns =
        "id, shop_id, category_id, title, description, images, tags, status, revision, moderation_reasons, moderation_case_id, min_price, created_at, updated_at, listed_at";

    public const string SkuColumns =
        "id, product_id, attributes::text AS attributes, price, list_price, currency, available, reserved, sold, low_stock_threshold";

    public static async Task<IReadOnlyList<SellerProduct>> WithSkusAsync(
        NpgsqlConnection connection, IReadOnlyList<ProductRow> products, NpgsqlTransaction? transaction = null)
    {
        var skus = (await connection.QueryAsync<SkuRow>(
            $"SELECT {SkuColumns} FROM skus WHERE product_id = ANY(@ids) ORDER BY position, id",
            new { ids = products.Select(p => p.Id).ToArray() }, transaction)).ToLookup(sku => sku.ProductId);
        return products.Select(p => new SellerProduct(
            p.Id, p.ShopId, p.Title, p.Description, p.CategoryId, p.Images, p.Tags, p.Status, p.Revision, p.ModerationReasons, p.ModerationCaseId,
            new Money(p.MinPrice, Money.Cny), p.CreatedAt, p.UpdatedAt, p.ListedAt, skus[p.Id].Select(ToSellerSku).ToList())).ToList();
    }

    public static SellerSku ToSellerSku(SkuRow sku) => new(
        sku.Id, sku.ProductId, SkuAttributes.Parse(sku.Attributes), new Money(sku.Price, sku.Currency), new Money(sku.ListPrice, sku.Currency),
        sku.Available, sku.Available, sku.Reserved, sku.Sold, sku.LowStockThreshold);
}
