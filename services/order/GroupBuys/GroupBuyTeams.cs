using Dapper;
using Npgsql;
using SocialCommerce.Contracts.Events.Order;
using SocialCommerce.Order.Campaigns;
using SocialCommerce.Order.Checkout;
using SocialCommerce.Order.Orders;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Order.GroupBuys;

/// <summary>
/// A team's places and its one-time close. Every change is an UPDATE guarded by the team's status and counters, in the
/// transaction of the order change that causes it (order written, paid, cancelled), and always after that order's row
/// lock: orders first, then the team, everywhere, so the paths cannot deadlock.
/// </summary>
public static class GroupBuyTeams
{
    /// <summary>Inside the leader's order transaction: a new team with the leader in its first place.</summary>
    public static CheckoutPlan.Hook Start(Campaign campaign, Guid teamId, DateTimeOffset now) => async (connection, transaction, order) =>
    {
        if (await PerUserLimit.CheckAsync(connection, transaction, campaign, order.UserId) is { } overLimit) return overLimit;
        var expiresAt = Min(now.AddHours(campaign.TeamHours), new DateTimeOffset(campaign.EndsAt, TimeSpan.Zero));
        await connection.ExecuteAsync(
            """
            INSERT INTO group_buy_teams (id, campaign_id, leader_id, size, status, members, created_at, expires_at)
            VALUES (@teamId, @campaignId, @leaderId, @size, 'open', 1, @now, @expiresAt)
            """,
            new { teamId, campaignId = campaign.Id, leaderId = order.UserId, size = campaign.TeamSize, now, expiresAt }, transaction);
        await AddMemberAsync(connection, transaction, teamId, order, now);
        GroupBuyMetrics.TeamStarted();
        return null;
    };

    /// <summary>
    /// Inside the member's order transaction: takes a place if the team is open, not expired, not full, not the user's
    /// own and not joined by them before. The guarded UPDATE is the whole race: of many joiners for the last place, one
    /// UPDATE matches and the rest find the team full.
    /// </summary>
    public static CheckoutPlan.Hook Join(Campaign campaign, Guid teamId, DateTimeOffset now) => async (connection, transaction, order) =>
    {
        if (await PerUserLimit.CheckAsync(connection, transaction, campaign, order.UserId) is { } overLimit) return overLimit;
        var team = await connection.QuerySingleOrDefaultAsync<(Guid LeaderId, string Status)>(
            "SELECT leader_id, status FROM group_buy_teams WHERE id = @teamId", new { teamId }, transaction);
        if (team.LeaderId == order.UserId) return Refused("You started this team; share it instead.", "own-team");
        var joined = await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM group_buy_members WHERE team_id = @teamId AND user_id = @UserId)", new { teamId, order.UserId }, transaction);
        if (joined) return Refused("You already joined this team.", "already-joined");
        var taken = await connection.ExecuteAsync(
            """
            UPDATE group_buy_teams SET members = members + 1
            WHERE id = @teamId AND status = 'open' AND expires_at > @now AND members < size
            """,
            new { teamId, now }, transaction);
        if (taken == 0)
        {
            GroupBuyMetrics.JoinConflict();
            return Refused("The team is full, closed or expired.", "team-closed");
        }

        try
        {
            await AddMemberAsync(connection, transaction, teamId, order, now);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // The same user joining twice at the same moment: the second insert loses; the caller rolls back its place.
            GroupBuyMetrics.JoinConflict();
            return Refused("You already joined this team.", "already-joined");
        }

        return null;
    };

    /// <summary>In the payment's transaction (order row locked): the member's place is paid; the last paid place completes the team.</summary>
    public static async Task MemberPaidAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, OrderRow order, DateTimeOffset now)
    {
        var marked = await connection.ExecuteAsync(
            "UPDATE group_buy_members SET status = 'paid' WHERE team_id = @TeamId AND order_id = @Id AND status = 'joined'",
            new { order.TeamId, order.Id }, transaction);
        if (marked == 0) return;
        var team = await connection.QuerySingleOrDefaultAsync<(Guid CampaignId, int Paid, int Size, DateTime CreatedAt)>(
            "UPDATE group_buy_teams SET paid = paid + 1 WHERE id = @TeamId AND status = 'open' RETURNING campaign_id, paid, size, created_at",
            new { order.TeamId }, transaction);
        if (team == default || team.Paid < team.Size) return;

        var closed = await connection.ExecuteAsync(
            "UPDATE group_buy_teams SET status = 'completed', closed_at = @now WHERE id = @TeamId AND status = 'open' AND paid = size",
            new { order.TeamId, now }, transaction);
        if (closed == 0) return;
        await Outbox.AddAsync(connection, transaction,
            new GroupBuyCompleted(order.TeamId!.Value, team.CampaignId, await MembersAsync(connection, transaction, order.TeamId.Value), now));
        GroupBuyMetrics.TeamClosed("completed", now - new DateTimeOffset(team.CreatedAt, TimeSpan.Zero));
    }

    /// <summary>In the cancellation's transaction (order row locked): a member of an open team gives the place back.</summary>
    public static async Task MemberLeftAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, OrderRow order)
    {
        var status = await connection.QuerySingleOrDefaultAsync<string>(
            """
            SELECT m.status FROM group_buy_members m JOIN group_buy_teams t ON t.id = m.team_id
            WHERE m.team_id = @TeamId AND m.order_id = @Id AND m.status <> 'left' AND t.status = 'open'
            FOR UPDATE OF t
            """,
            new { order.TeamId, order.Id }, transaction);
        if (status is null) return;
        await connection.ExecuteAsync(
            """
            UPDATE group_buy_members SET status = 'left' WHERE team_id = @TeamId AND order_id = @Id;
            UPDATE group_buy_teams SET members = members - 1, paid = paid - CASE WHEN @wasPaid THEN 1 ELSE 0 END WHERE id = @TeamId;
            """,
            new { order.TeamId, order.Id, wasPaid = status == "paid" }, transaction);
    }

    public static async Task<IReadOnlyList<TeamMember>> MembersAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid teamId) =>
        (await connection.QueryAsync<TeamMember>(
            "SELECT user_id, order_id FROM group_buy_members WHERE team_id = @teamId AND status <> 'left' ORDER BY joined_at",
            new { teamId }, transaction)).ToList();

    private static Task AddMemberAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid teamId, OrderRow order, DateTimeOffset now) =>
        connection.ExecuteAsync(
            """
            INSERT INTO group_buy_members (team_id, user_id, order_id, status, joined_at) VALUES (@teamId, @UserId, @Id, 'joined', @now);
            UPDATE orders SET team_id = @teamId WHERE id = @Id;
            """,
            new { teamId, order.UserId, order.Id, now }, transaction);

    private static CheckoutResult Refused(string title, string code) => CheckoutResult.Refused(StatusCodes.Status409Conflict, title, code);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
