using Npgsql;
using SocialCommerce.Contracts.Events.Order;
using SocialCommerce.Order.Campaigns;
using SocialCommerce.Order.Cancellation;
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
    public static async Task<int> FailExpiredAsync(
        NpgsqlDataSource dataSource, int batchSize, DateTimeOffset now, OrderMetrics metrics, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var due = await GroupBuyTeams.ExpiredAsync(connection, now, batchSize);
        foreach (var teamId in due) await FailAsync(connection, teamId, now, metrics, cancellationToken);
        return due.Count;
    }

    private static async Task FailAsync(NpgsqlConnection connection, Guid teamId, DateTimeOffset now, OrderMetrics metrics, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var orderIds = await OrderStore.LockTeamOrdersAsync(connection, transaction, teamId);
        if (await GroupBuyTeams.FailAsync(connection, transaction, teamId, now) is not { } failed)
        {
            await transaction.RollbackAsync(cancellationToken);
            return;
        }

        var members = await GroupBuyTeams.MembersAsync(connection, transaction, teamId);
        foreach (var orderId in orderIds)
        {
            await OrderCancellation.CancelAsync(connection, transaction, orderId, [OrderStatus.AwaitingPayment, OrderStatus.Paid], CancelReasons.GroupBuyFailed, now, metrics);
        }

        await Outbox.AddAsync(connection, transaction, new GroupBuyFailed(teamId, failed.CampaignId, members, now));
        await transaction.CommitAsync(cancellationToken);
        metrics.TeamClosed("failed", now - new DateTimeOffset(failed.CreatedAt, TimeSpan.Zero));
    }
}
