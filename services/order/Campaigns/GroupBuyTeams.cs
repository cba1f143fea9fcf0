using Dapper;
using Npgsql;
using SocialCommerce.Contracts.Events.Order;
using SocialCommerce.Order.Orders;
using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.ServiceDefaults.Postgres;

namespace SocialCommerce.Order.Campaigns;

/// <summary>A group_buy_teams row as Dapper reads it.</summary>
public sealed class TeamRow
{
    public const string Columns = "id, campaign_id, size, members, paid, status, expires_at";

    public Guid Id { get; init; }
    public Guid CampaignId { get; init; }
    public int Size { get; init; }
    public int Members { get; init; }
    public int Paid { get; init; }
    public string Status { get; init; } = "";
    public DateTime ExpiresAt { get; init; }
}

public sealed record FailedTeam(Guid CampaignId, DateTime CreatedAt);

/// <summary>
/// A team's places and its one-time close. Every change is an UPDATE guarded by the team's status and counters, in the
/// transaction of the order change that causes it (order written, paid, cancelled), and always after that order's row
/// lock: orders first, then the team, everywhere, so the paths cannot deadlock. The reads for the public views and the
/// join's early refusal take a connection of their own.
/// </summary>
public sealed class GroupBuyTeams(NpgsqlDataSource dataSource)
{
    public static readonly PersonalDataPart[] PersonalData = [new("groupBuyMemberships", "SELECT * FROM group_buy_members WHERE user_id = @userId")];

    /// <summary>Inside the leader's order transaction: a new team with the leader in its first place.</summary>
    public static async Task<CampaignRefusal?> StartAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Campaign campaign, Guid teamId, OrderRow order, DateTimeOffset now, OrderMetrics metrics)
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
        metrics.TeamStarted();
        return null;
    }

    /// <summary>
    /// Inside the member's order transaction: takes a place if the team is open, not expired, not full, not the user's
    /// own and not joined by them before. The guarded UPDATE is the whole race: of many joiners for the last place, one
    /// UPDATE matches and the rest find the team full.
    /// </summary>
    public static async Task<CampaignRefusal?> JoinAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Campaign campaign, Guid teamId, OrderRow order, DateTimeOffset now, OrderMetrics metrics)
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
            metrics.JoinConflict();
            return Refused("The team is full, closed or expired.", "team-closed");
        }

        try
        {
            await AddMemberAsync(connection, transaction, teamId, order, now);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // The same user joining twice at the same moment: the second insert loses; the caller rolls back its place.
            metrics.JoinConflict();
            return Refused("You already joined this team.", "already-joined");
        }

        return null;
    }

    /// <summary>In the payment's transaction (order row locked): the member's place is paid; the last paid place completes the team.</summary>
    public static async Task MemberPaidAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, OrderRow order, DateTimeOffset now, OrderMetrics metrics)
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
        metrics.TeamClosed("completed", now - new DateTimeOffset(team.CreatedAt, TimeSpan.Zero));
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

    public async Task<TeamRow?> FindAsync(Guid teamId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<TeamRow>($"SELECT {TeamRow.Columns} FROM group_buy_teams WHERE id = @teamId", new { teamId });
    }

    /// <summary>A campaign's teams still taking members, the soonest to expire first.</summary>
    public async Task<IReadOnlyList<TeamRow>> OpenAsync(Guid campaignId, DateTimeOffset now)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<TeamRow>(
            $"""
            SELECT {TeamRow.Columns} FROM group_buy_teams
            WHERE campaign_id = @campaignId AND status = 'open' AND expires_at > @now AND members < size
            ORDER BY expires_at LIMIT 50
            """,
            new { campaignId, now })).ToList();
    }

    /// <summary>Whether the user leads the team or joined it (and may still get their own order back through a repeat).</summary>
    public async Task<bool> IsMemberAsync(Guid teamId, Guid userId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<bool>(
            """
            SELECT EXISTS (SELECT 1 FROM group_buy_teams WHERE id = @teamId AND leader_id = @userId)
                OR EXISTS (SELECT 1 FROM group_buy_members WHERE team_id = @teamId AND user_id = @userId)
            """,
            new { teamId, userId });
    }

    public static Task<string?> StatusAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid teamId) =>
        connection.ExecuteScalarAsync<string?>("SELECT status FROM group_buy_teams WHERE id = @teamId", new { teamId }, transaction);

    public static async Task<IReadOnlyList<Guid>> ExpiredAsync(NpgsqlConnection connection, DateTimeOffset now, int limit) =>
        (await connection.QueryAsync<Guid>(
            "SELECT id FROM group_buy_teams WHERE status = 'open' AND expires_at <= @now ORDER BY expires_at LIMIT @limit", new { now, limit })).ToList();

    /// <summary>
    /// Closes an expired open team as failed; null when it is not (closed meanwhile, or locked by another replica failing it
    /// or a join taking a place: SKIP LOCKED, the next tick decides). The caller locked the team's orders first.
    /// </summary>
    public static Task<FailedTeam?> FailAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid teamId, DateTimeOffset now) =>
        connection.QuerySingleOrDefaultAsync<FailedTeam>(
            """
            UPDATE group_buy_teams SET status = 'failed', closed_at = @now
            WHERE id = (SELECT id FROM group_buy_teams WHERE id = @teamId AND status = 'open' AND expires_at <= @now FOR UPDATE SKIP LOCKED)
            RETURNING campaign_id, created_at
            """,
            new { teamId, now }, transaction);

    private static async Task AddMemberAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid teamId, OrderRow order, DateTimeOffset now)
    {
        await connection.ExecuteAsync(
            "INSERT INTO group_buy_members (team_id, user_id, order_id, status, joined_at) VALUES (@teamId, @UserId, @Id, 'joined', @now)",
            new { teamId, order.UserId, order.Id, now }, transaction);
        await OrderStore.SetTeamAsync(connection, transaction, order.Id, teamId);
    }

    private static CampaignRefusal Refused(string title, string code) => CampaignRefusal.Conflict(title, code);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
