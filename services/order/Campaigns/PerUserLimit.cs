using Dapper;
using Npgsql;
using SocialCommerce.Order.Orders;

namespace SocialCommerce.Order.Campaigns;

/// <summary>Why a campaign refused a place: the status and problem the checkout answers with.</summary>
public sealed record CampaignRefusal(int StatusCode, string Title, string Code)
{
    public static CampaignRefusal Conflict(string title, string code) => new(StatusCodes.Status409Conflict, title, code);
}

/// <summary>
/// A campaign's per-user limit counts every live order of the user in the campaign, not just this one. Checked inside the
/// new order's transaction under a transaction lock on (campaign, user), so two orders placed at once cannot both
/// squeeze under the limit; the new order's own units are already written when it runs, so they are counted too.
/// </summary>
public static class PerUserLimit
{
    public static async Task<CampaignRefusal?> CheckAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Campaign campaign, Guid userId)
    {
        if (campaign.PerUserLimit <= 0) return null;
        await connection.ExecuteAsync(
            "SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", new { key = $"campaign-limit:{campaign.Id}:{userId}" }, transaction);
        var bought = await OrderStore.CampaignUnitsAsync(connection, transaction, userId, campaign.Id);
        return bought <= campaign.PerUserLimit
            ? null
            : new CampaignRefusal(StatusCodes.Status429TooManyRequests, $"At most {campaign.PerUserLimit} per shopper in this campaign.", "per-user-limit");
    }
}
