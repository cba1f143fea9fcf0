using Dapper;
using Npgsql;

namespace SocialCommerce.Catalog.DemoData;

/// <summary>
/// A running group-buy and flash sale in 山野茶铺 so the demo's product pages show teams to join and a countdown. Both
/// started an hour before the first seeding and run a year; fixed ids make a second run add nothing (order keeps its
/// own copy of a campaign, so a seeded campaign is never changed). Prices are cut from the SKU's own, in fen.
/// </summary>
public static class DemoCampaigns
{
    private static readonly (Guid Id, Guid SkuId, string Type, int PricePercent, int? TeamSize, int? TeamHours, int? Quota, int? PerUserLimit)[] Campaigns =
    [
        // 西湖龙井 明前特级 250克: a team of two, the easiest to complete in a walkthrough with two browsers.
        (Guid.Parse("0190a004-0000-7000-8000-000000000000"), Guid.Parse("0190a002-0000-7000-8000-000000000028"), "group-buy", 80, 2, 24, null, 2),
        // 福建安溪铁观音 清香型 250克: twenty units at 60 %, one per shopper.
        (Guid.Parse("0190a004-0000-7000-8000-000000000001"), Guid.Parse("0190a002-0000-7000-8000-000000000050"), "flash-sale", 60, null, null, 20, 1),
    ];

    public static async Task<int> AddAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now)
    {
        var added = 0;
        foreach (var campaign in Campaigns)
        {
            added += await connection.ExecuteAsync(
                """
                INSERT INTO campaigns (id, shop_id, sku_id, type, price, starts_at, ends_at, team_size, team_hours, quota, per_user_limit)
                SELECT @Id, p.shop_id, s.id, @Type, GREATEST(990, (s.price * @PricePercent / 100 + 50) / 100 * 100 - 10),
                       @startsAt, @endsAt, @TeamSize, @TeamHours, @Quota, @PerUserLimit
                FROM skus s JOIN products p ON p.id = s.product_id
                WHERE s.id = @SkuId AND s.available >= COALESCE(@Quota, 0)
                ON CONFLICT (id) DO NOTHING
                """,
                new
                {
                    campaign.Id, campaign.SkuId, campaign.Type, campaign.PricePercent, campaign.TeamSize, campaign.TeamHours, campaign.Quota,
                    campaign.PerUserLimit, startsAt = now.AddHours(-1), endsAt = now.AddDays(365),
                },
                transaction);
        }

        return added;
    }
}
