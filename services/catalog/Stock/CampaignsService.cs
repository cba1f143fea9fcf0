using Dapper;
using Grpc.Core;
using Npgsql;
using SocialCommerce.Contracts.Catalog.V1;
using CampaignsGrpc = SocialCommerce.Contracts.Catalog.V1.Campaigns;

namespace SocialCommerce.Catalog.Stock;

/// <summary>campaigns.proto for order: a campaign as its merchant defined it (campaigns are immutable).</summary>
public sealed class CampaignsService(NpgsqlDataSource dataSource) : CampaignsGrpc.CampaignsBase
{
    public override async Task<CampaignReply> GetCampaign(GetCampaignRequest request, ServerCallContext context)
    {
        if (!Guid.TryParse(request.CampaignId, out var campaignId)) throw new RpcException(new Status(StatusCode.InvalidArgument, "campaign_id must be a UUID"));
        await using var connection = await dataSource.OpenConnectionAsync(context.CancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<CampaignRow>(
            """
            SELECT c.id, c.type, c.sku_id, s.product_id, c.shop_id, h.merchant_id, p.title, c.price, c.currency, c.starts_at, c.ends_at,
                   coalesce(c.team_size, 0) AS team_size, coalesce(c.team_hours, 0) AS team_hours, coalesce(c.quota, 0) AS quota,
                   coalesce(c.per_user_limit, 0) AS per_user_limit
            FROM campaigns c JOIN skus s ON s.id = c.sku_id JOIN products p ON p.id = s.product_id JOIN shops h ON h.id = c.shop_id
            WHERE c.id = @campaignId
            """,
            new { campaignId });
        if (row is null) throw new RpcException(new Status(StatusCode.NotFound, "no such campaign"));
        return new CampaignReply
        {
            CampaignId = row.Id.ToString(),
            Type = row.Type,
            SkuId = row.SkuId.ToString(),
            ProductId = row.ProductId.ToString(),
            ShopId = row.ShopId.ToString(),
            MerchantId = row.MerchantId.ToString(),
            Title = row.Title,
            Price = new Money { Amount = row.Price, Currency = row.Currency },
            StartsAt = StockService.Rfc3339(row.StartsAt),
            EndsAt = StockService.Rfc3339(row.EndsAt),
            TeamSize = row.TeamSize,
            TeamHours = row.TeamHours,
            Quota = row.Quota,
            PerUserLimit = row.PerUserLimit,
        };
    }

    private sealed record CampaignRow(
        Guid Id, string Type, Guid SkuId, Guid ProductId, Guid ShopId, Guid MerchantId, string Title, long Price, string Currency,
        DateTime StartsAt, DateTime EndsAt, int TeamSize, int TeamHours, int Quota, int PerUserLimit);
}
