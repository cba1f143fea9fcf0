using Dapper;
using Npgsql;
using SocialCommerce.ServiceDefaults;

namespace SocialCommerce.Catalog.Seller;

public enum CampaignOutcome { Created, SkuNotFound, ProductNotListed, PriceNotBelowSku, QuotaAboveStock, Overlaps }

public sealed class CampaignStore(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "c.id, c.shop_id, c.sku_id, s.product_id, c.type, c.price, c.currency, c.starts_at, c.ends_at, c.team_size, c.team_hours, c.quota, c.per_user_limit, c.created_at";

    /// <summary>
    /// Checks the campaign against its SKU and creates it. The SKU row lock serialises campaigns of one SKU, so
    /// two overlapping ones cannot both pass the overlap check (order would not know which price applies).
    /// </summary>
    public async Task<(CampaignOutcome Outcome, Campaign? Campaign)> CreateAsync(Guid shopId, CampaignDraft draft)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var sku = await connection.QuerySingleOrDefaultAsync<(long Price, long ListPrice, int Available, string Status)>(
            """
            SELECT s.price, s.list_price, s.available, p.status FROM skus s JOIN products p ON p.id = s.product_id
            WHERE s.id = @SkuId AND p.shop_id = @shopId
            FOR NO KEY UPDATE OF s
            """,
            new { draft.SkuId, shopId }, transaction);
        if (sku == default) return (CampaignOutcome.SkuNotFound, null);
        if (sku.Status != ProductStatus.Listed) return (CampaignOutcome.ProductNotListed, null);
        if (draft.Price >= sku.Price || draft.Price >= sku.ListPrice) return (CampaignOutcome.PriceNotBelowSku, null);
        if (draft.Quota > sku.Available) return (CampaignOutcome.QuotaAboveStock, null);
        var overlaps = await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM campaigns WHERE sku_id = @SkuId AND starts_at < @EndsAt AND ends_at > @StartsAt)",
            new { draft.SkuId, draft.StartsAt, draft.EndsAt }, transaction);
        if (overlaps) return (CampaignOutcome.Overlaps, null);

        var id = Guid.CreateVersion7();
        await connection.ExecuteAsync(
            """
            INSERT INTO campaigns (id, shop_id, sku_id, type, price, starts_at, ends_at, team_size, team_hours, quota, per_user_limit)
            VALUES (@id, @shopId, @SkuId, @Type, @Price, @StartsAt, @EndsAt, @TeamSize, @TeamHours, @Quota, @PerUserLimit)
            """,
            new { id, shopId, draft.SkuId, draft.Type, draft.Price, draft.StartsAt, draft.EndsAt, draft.TeamSize, draft.TeamHours, draft.Quota, draft.PerUserLimit },
            transaction);
        var campaign = await FindAsync(connection, transaction, shopId, id);
        await transaction.CommitAsync();
        return (CampaignOutcome.Created, campaign);
    }

    /// <summary>Newest first; the cursor is the id of the last campaign of the previous page.</summary>
    public async Task<CampaignList> ListAsync(Guid shopId, int limit, Guid? cursor)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<CampaignRow>(
            $"""
            SELECT {Columns} FROM campaigns c JOIN skus s ON s.id = c.sku_id
            WHERE c.shop_id = @shopId
              AND (@cursor::uuid IS NULL OR (c.created_at, c.id) < (SELECT created_at, id FROM campaigns WHERE id = @cursor AND shop_id = @shopId))
            ORDER BY c.created_at DESC, c.id DESC
            LIMIT @take
            """,
            new { shopId, cursor, take = limit + 1 })).ToList();
        var page = rows.Take(limit).Select(ToCampaign).ToList();
        return new CampaignList(page, rows.Count > limit ? page[^1].CampaignId.ToString() : null);
    }

    private static async Task<Campaign?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid shopId, Guid id)
    {
        var row = await connection.QuerySingleOrDefaultAsync<CampaignRow>(
            $"SELECT {Columns} FROM campaigns c JOIN skus s ON s.id = c.sku_id WHERE c.id = @id AND c.shop_id = @shopId",
            new { id, shopId }, transaction);
        return row is null ? null : ToCampaign(row);
    }

    private static Campaign ToCampaign(CampaignRow row) => new(
        row.Id, row.ShopId, row.SkuId, row.ProductId, row.Type, new Money(row.Price, row.Currency), row.StartsAt, row.EndsAt,
        row.TeamSize, row.TeamHours, row.Quota, row.PerUserLimit, row.CreatedAt);

    private sealed record CampaignRow(
        Guid Id, Guid ShopId, Guid SkuId, Guid ProductId, string Type, long Price, string Currency, DateTime StartsAt, DateTime EndsAt,
        int? TeamSize, int? TeamHours, int? Quota, int? PerUserLimit, DateTime CreatedAt);
}
