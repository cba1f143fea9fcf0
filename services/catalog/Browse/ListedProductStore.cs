using System.Text.Json;
using Dapper;
using Npgsql;
using SocialCommerce.ServiceDefaults;

namespace SocialCommerce.Catalog.Browse;

public sealed record ProductDetail(
    Guid ProductId, Guid ShopId, string Title, string Description, IReadOnlyList<string> Images, int CategoryId,
    IReadOnlyList<string> Tags, IReadOnlyList<SkuView> Skus, string Status, IReadOnlyList<CampaignView> Campaigns);

public sealed record SkuView(Guid SkuId, JsonElement Attributes, Money Price, Money ListPrice, int Available);

public sealed record CampaignView(
    Guid CampaignId, string Type, Guid SkuId, Money Price, DateTime StartsAt, DateTime EndsAt, int? TeamSize,
    int? TeamHours, int? Quota, int? PerUserLimit);

public sealed record PriceHistoryEntry(Guid SkuId, Money Price, Money ListPrice, DateTime ChangedAt);

/// <summary>What shoppers may see of one product: only while it is listed, so drafts and delisted goods stay private.</summary>
public sealed class ListedProductStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    // Settable properties: Dapper's constructor matching sees text[] as System.Array and would not pick a record's constructor.
    private sealed class ProductRow
    {
        public Guid Id { get; init; }
        public Guid ShopId { get; init; }
        public string Title { get; init; } = "";
        public string Description { get; init; } = "";
        public string[] Images { get; init; } = [];
        public int CategoryId { get; init; }
        public string[] Tags { get; init; } = [];
        public string Status { get; init; } = "";
    }

    private sealed record SkuRow(Guid Id, string Attributes, long Price, long ListPrice, string Currency, int Available);

    private sealed record CampaignRow(
        Guid Id, string Type, Guid SkuId, long Price, string Currency, DateTime StartsAt, DateTime EndsAt, int? TeamSize,
        int? TeamHours, int? Quota, int? PerUserLimit);

    private sealed record PriceRow(Guid SkuId, long Price, long ListPrice, string Currency, DateTime ChangedAt);

    public async Task<ProductDetail?> FindAsync(Guid productId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Campaigns still running or yet to start; finished ones are history, not an offer.
        using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            """
            SELECT id, shop_id AS shopid, title, description, images, category_id AS categoryid, tags, status
            FROM products WHERE id = @productId AND status = 'listed';

            SELECT id, attributes::text AS attributes, price, list_price AS listprice, currency, available
            FROM skus WHERE product_id = @productId ORDER BY position, id;

            SELECT c.id, c.type, c.sku_id AS skuid, c.price, c.currency, c.starts_at AS startsat, c.ends_at AS endsat,
                   c.team_size AS teamsize, c.team_hours AS teamhours, c.quota, c.per_user_limit AS peruserlimit
            FROM campaigns c JOIN skus s ON s.id = c.sku_id
            WHERE s.product_id = @productId AND c.ends_at > @now
            ORDER BY c.starts_at, c.id;
            """,
            new { productId, now = time.GetUtcNow() }, cancellationToken: cancellationToken));
        var product = await results.ReadSingleOrDefaultAsync<ProductRow>();
        if (product is null) return null;

        var skus = (await results.ReadAsync<SkuRow>()).Select(sku => new SkuView(
            sku.Id, JsonSerializer.Deserialize<JsonElement>(sku.Attributes), new Money(sku.Price, sku.Currency),
            new Money(sku.ListPrice, sku.Currency), sku.Available));
        var campaigns = (await results.ReadAsync<CampaignRow>()).Select(c => new CampaignView(
            c.Id, c.Type, c.SkuId, new Money(c.Price, c.Currency), c.StartsAt, c.EndsAt, c.TeamSize, c.TeamHours, c.Quota, c.PerUserLimit));
        return new ProductDetail(product.Id, product.ShopId, product.Title, product.Description, product.Images, product.CategoryId,
            product.Tags, skus.ToList(), product.Status, campaigns.ToList());
    }

    /// <summary>Every price of every SKU, oldest first; null when the product is not listed.</summary>
    public async Task<IReadOnlyList<PriceHistoryEntry>?> PriceHistoryAsync(Guid productId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var listed = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM products WHERE id = @productId AND status = 'listed')",
            new { productId }, cancellationToken: cancellationToken));
        if (!listed) return null;

        var rows = await connection.QueryAsync<PriceRow>(new CommandDefinition(
            """
            SELECT h.sku_id AS skuid, h.price, h.list_price AS listprice, s.currency, h.changed_at AS changedat
            FROM price_history h JOIN skus s ON s.id = h.sku_id
            WHERE s.product_id = @productId
            ORDER BY h.changed_at, h.id
            """,
            new { productId }, cancellationToken: cancellationToken));
        return rows.Select(row => new PriceHistoryEntry(
            row.SkuId, new Money(row.Price, row.Currency), new Money(row.ListPrice, row.Currency), row.ChangedAt)).ToList();
    }
}
