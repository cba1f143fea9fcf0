using Dapper;
using Npgsql;
using SocialCommerce.Order.Checkout;

namespace SocialCommerce.Order.Campaigns;

/// <summary>
/// A campaign's per-user limit counts every live order of the user in the campaign, not just this one. Checked inside the
/// new order's transaction under a transaction lock on (campaign, user), so two orders placed at once cannot both
/// squeeze under the limit; the new order's own units are already written when it runs, so they are counted too.
/// </summary>
public static class PerUserLimit
{
    public static async Task<CheckoutResult?> CheckAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Campaign campaign, Guid userId)
    {
        if (campaign.PerUserLimit <= 0) return null;
        await connection.ExecuteAsync(
            "SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", new { key = $"campaign-limit:{campaign.Id}:{userId}" }, transaction);
        var bought = await connection.ExecuteScalarAsync<long>(
            """
            SELECT coalesce(sum(l.quantity), 0) FROM orders o JOIN order_lines l ON l.order_id = o.id
            WHERE o.user_id = @userId AND o.campaign_id = @Id AND o.status <> 'cancelled'
            """,
            new { userId, campaign.Id }, transaction);
        return bought <= campaign.PerUserLimit
            ? null
            : CheckoutResult.Refused(StatusCodes.Status429TooManyRequests,
                $"At most {campaign.PerUserLimit} per shopper in this campaign.", "per-user-limit");
    }
}
