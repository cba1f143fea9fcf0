using System.Collections.Concurrent;
using System.Globalization;
using Dapper;
using Grpc.Core;
using Npgsql;
using SocialCommerce.Contracts.Catalog.V1;
using CampaignsClient = SocialCommerce.Contracts.Catalog.V1.Campaigns.CampaignsClient;

namespace SocialCommerce.Order.Campaigns;

/// <summary>A campaign as catalog defined it. Immutable, so a copy never goes stale.</summary>
public sealed class Campaign
{
    public const string Columns =
        "id, type, sku_id, product_id, shop_id, merchant_id, title, price, currency, starts_at, ends_at, team_size, team_hours, quota, per_user_limit";

    public Guid Id { get; init; }
    public string Type { get; init; } = "";
    public Guid SkuId { get; init; }
    public Guid ProductId { get; init; }
    public Guid ShopId { get; init; }
    public Guid MerchantId { get; init; }
    public string Title { get; init; } = "";
    public long Price { get; init; }
    public string Currency { get; init; } = "";
    public DateTime StartsAt { get; init; }
    public DateTime EndsAt { get; init; }
    public int TeamSize { get; init; }
    public int TeamHours { get; init; }
    public int Quota { get; init; }
    public int PerUserLimit { get; init; }

    public bool IsRunning(DateTimeOffset now) => StartsAt <= now.UtcDateTime && now.UtcDateTime < EndsAt;
}

/// <summary>
/// Campaigns order runs, read from catalog once and kept: in memory for the process, and in the campaigns table so
/// that rows of this database (teams, orders) can reference them.
/// </summary>
public sealed class CampaignCatalog(NpgsqlDataSource dataSource, IServiceScopeFactory scopes, TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, Campaign> known = new();
    private readonly ConcurrentDictionary<Guid, Lazy<Task<Campaign?>>> loading = new();

    /// <returns>Null for a campaign catalog does not know.</returns>
    /// <exception cref="RpcException">catalog is unreachable and the campaign was never copied.</exception>
    public async Task<Campaign?> FindAsync(Guid campaignId, CancellationToken cancellationToken = default)
    {
        if (known.TryGetValue(campaignId, out var campaign)) return campaign;

        // A sale opens with thousands of requests for a campaign this process has not seen: one of them loads it, the
        // others wait for that load instead of each asking catalog (which, all at once, ran past every deadline).
        var load = loading.GetOrAdd(campaignId, id => new Lazy<Task<Campaign?>>(() => LoadAsync(id)));
        try
        {
            return await load.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            if (load.Value.IsCompleted) loading.TryRemove(new KeyValuePair<Guid, Lazy<Task<Campaign?>>>(campaignId, load));
        }
    }

    // Not tied to any one caller's cancellation: others may be waiting for the same load.
    private async Task<Campaign?> LoadAsync(Guid campaignId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var campaign = await connection.QuerySingleOrDefaultAsync<Campaign>($"SELECT {Campaign.Columns} FROM campaigns WHERE id = @campaignId", new { campaignId });
        if (campaign is null)
        {
            using var scope = scopes.CreateScope();
            CampaignReply reply;
            try
            {
                reply = await scope.ServiceProvider.GetRequiredService<CampaignsClient>()
                    .GetCampaignAsync(new GetCampaignRequest { CampaignId = campaignId.ToString() }, deadline: time.GetUtcNow().UtcDateTime.AddSeconds(5));
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
            {
                return null;
            }

            campaign = await connection.QuerySingleAsync<Campaign>(
                $"""
                INSERT INTO campaigns ({Campaign.Columns}, fetched_at)
                VALUES (@id, @type, @skuId, @productId, @shopId, @merchantId, @title, @price, @currency, @startsAt, @endsAt, @teamSize,
                        @teamHours, @quota, @perUserLimit, @now)
                ON CONFLICT (id) DO UPDATE SET fetched_at = campaigns.fetched_at
                RETURNING {Campaign.Columns}
                """,
                new
                {
                    id = campaignId, type = reply.Type, skuId = Guid.Parse(reply.SkuId), productId = Guid.Parse(reply.ProductId),
                    shopId = Guid.Parse(reply.ShopId), merchantId = Guid.Parse(reply.MerchantId), title = reply.Title, price = reply.Price.Amount,
                    currency = reply.Price.Currency, startsAt = Parse(reply.StartsAt), endsAt = Parse(reply.EndsAt), teamSize = reply.TeamSize,
                    teamHours = reply.TeamHours, quota = reply.Quota, perUserLimit = reply.PerUserLimit, now = time.GetUtcNow(),
                });
        }

        known[campaignId] = campaign;
        return campaign;
    }

    /// <summary>The type of a campaign copied here (OrderPaid names it, so commission rules can tell campaign sales apart).</summary>
    public static Task<string?> TypeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid campaignId) =>
        connection.ExecuteScalarAsync<string?>("SELECT type FROM campaigns WHERE id = @campaignId", new { campaignId }, transaction);

    private static DateTimeOffset Parse(string rfc3339) => DateTimeOffset.Parse(rfc3339, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
