using Dapper;
using Npgsql;
using SocialCommerce.Contracts.Events.Order;
using SocialCommerce.Order.Orders;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Order.GroupBuys;

/// <summary>
/// A team whose time ran out before every place was paid fails exactly once: GroupBuyFailed, and every member's order
/// cancelled in the same transaction (a paid one refunded in full and restocked, an unpaid one's stock released).
/// The members' order rows are locked before the team row, the order every other path takes.
/// </summary>
public static class TeamExpiry
{
    public static async Task<int> FailExpiredAsync(NpgsqlDataSource dataSource, int batchSize, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var due = (await connection.QueryAsync<Guid>(
            "SELECT id FROM group_buy_teams WHERE status = 'open' AND expires_at <= @now ORDER BY expires_at LIMIT @batchSize",
            new { now, batchSize })).ToList();
        foreach (var teamId in due) await FailAsync(connection, teamId, now, cancellationToken);
        return due.Count;
    }

    private static async Task FailAsync(NpgsqlConnection connection, Guid teamId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var orderIds = (await connection.QueryAsync<Guid>(
            "SELECT id FROM orders WHERE team_id = @teamId ORDER BY id FOR UPDATE", new { teamId }, transaction)).ToList();
        // SKIP LOCKED: another replica failing this team (or a join taking a place) holds it now; the next tick decides.
        var failed = await connection.QuerySingleOrDefaultAsync<FailedTeam>(
            """
            UPDATE group_buy_teams SET status = 'failed', closed_at = @now
            WHERE id = (SELECT id FROM group_buy_teams WHERE id = @teamId AND status = 'open' AND expires_at <= @now FOR UPDATE SKIP LOCKED)
            RETURNING campaign_id, created_at
            """,
            new { teamId, now }, transaction);
        if (failed is null)
        {
            await transaction.RollbackAsync(cancellationToken);
            return;
        }

        var members = await GroupBuyTeams.MembersAsync(connection, transaction, teamId);
        foreach (var orderId in orderIds)
        {
            await OrderWriter.CancelAsync(connection, transaction, orderId, [OrderStatus.AwaitingPayment, OrderStatus.Paid], CancelReasons.GroupBuyFailed, now);
        }

        await Outbox.AddAsync(connection, transaction, new GroupBuyFailed(teamId, failed.CampaignId, members, now));
        await transaction.CommitAsync(cancellationToken);
        GroupBuyMetrics.TeamClosed("failed", now - new DateTimeOffset(failed.CreatedAt, TimeSpan.Zero));
    }

    private sealed record FailedTeam(Guid CampaignId, DateTime CreatedAt);
}
