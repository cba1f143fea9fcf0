using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.Order.Campaigns;
using SocialCommerce.Order.Checkout;
using SocialCommerce.ServiceDefaults;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Order.GroupBuys;

public sealed record TeamRequest(int Quantity, ShippingAddress? ShippingAddress, string? ReferralCode);

public sealed record TeamStarted(Guid TeamId, string ShareUrl, CheckoutResponse Order);

public sealed record TeamJoined(Guid TeamId, CheckoutResponse Order);

/// <param name="PlacesLeft">Places not taken yet (a place is taken at join and freed if that member cancels).</param>
public sealed record TeamView(
    Guid TeamId, Guid CampaignId, string Title, Money Price, int Size, int Members, int Paid, int PlacesLeft, string Status,
    DateTimeOffset ExpiresAt, int SecondsLeft, string ShareUrl);

/// <summary>
/// Group-buys (拼团): start a team (the leader's order at the group price), join one from its share link (the member's
/// order), and the public views of a campaign's open teams and of one team. Both commands are checkouts with an
/// Idempotency-Key; taking the place commits with the order or not at all.
/// </summary>
public static class GroupBuyEndpoints
{
    public static RouteGroupBuilder MapGroupBuyEndpoints(this RouteGroupBuilder order)
    {
        var groupBuys = order.MapGroup("/group-buys").WithTags("Group-buys");
        groupBuys.MapGet("/{campaignId:guid}/teams", OpenTeams).AllowAnonymous();
        groupBuys.MapGet("/teams/{teamId:guid}", Team).AllowAnonymous();
        groupBuys.MapPost("/{campaignId:guid}/teams", Start);
        groupBuys.MapPost("/teams/{teamId:guid}/join", Join);
        return order;
    }

    public static async Task<Results<Created<TeamStarted>, ValidationProblem, ProblemHttpResult>> Start(
        Guid campaignId, TeamRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, HttpContext context,
        CampaignCatalog campaigns, PlaceOrder placeOrder, IOptions<OrderOptions> options, TimeProvider time)
    {
        var campaign = await campaigns.FindAsync(campaignId);
        if (campaign is not { Type: "group-buy" }) return Problems.NotFound("The group-buy does not exist.");
        var (checkout, invalid) = Validate(campaign, request, idempotencyKey, options.Value);
        if (invalid is not null) return invalid;
        var now = time.GetUtcNow();
        if (!campaign.IsRunning(now)) return Problems.Conflict("The group-buy has not started or has ended.", "campaign-not-running");

        var plan = new CheckoutPlan($"group-buy:{campaignId}:start", campaign.Id, campaign.Price,
            GroupBuyTeams.Start(campaign, Guid.CreateVersion7(), now));
        var result = await placeOrder.PlaceAsync(context.User.UserId(), idempotencyKey!, checkout, CancellationToken.None, plan);
        if (result.Order is not { TeamId: { } teamId } placed) return CheckoutEndpoints.ToProblem(result);
        return TypedResults.Created($"/api/order/group-buys/teams/{teamId}",
            new TeamStarted(teamId, ShareUrl(options.Value, teamId, request.ReferralCode), placed));
    }

    public static async Task<Results<Created<TeamJoined>, ValidationProblem, ProblemHttpResult>> Join(
        Guid teamId, TeamRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, HttpContext context,
        NpgsqlDataSource dataSource, CampaignCatalog campaigns, PlaceOrder placeOrder, TeamJoinTurns turns, IOptions<OrderOptions> options,
        TimeProvider time)
    {
        var team = await FindTeamAsync(dataSource, teamId);
        if (team is null || await campaigns.FindAsync(team.CampaignId) is not { } campaign) return Problems.NotFound("The team does not exist.");
        var (checkout, invalid) = Validate(campaign, request, idempotencyKey, options.Value);
        if (invalid is not null) return invalid;

        // The team as it is once this join's turn comes: joins that waited behind the one that filled it see it full.
        using var turn = await turns.WaitAsync(teamId, context.RequestAborted);
        team = await FindTeamAsync(dataSource, teamId);
        if (team is null) return Problems.NotFound("The team does not exist.");
        var now = time.GetUtcNow();
        if (!campaign.IsRunning(now)) return Problems.Conflict("The group-buy has ended.", "campaign-not-running");
        var userId = context.User.UserId();
        if ((team.Status != "open" || team.Members >= team.Size || team.ExpiresAt <= now.UtcDateTime)
            && !await CheckoutClaims.ExistsAsync(dataSource, userId, idempotencyKey!) && !await InTeamAsync(dataSource, teamId, userId))
        {
            // Already closed when read: refused before any stock is reserved (the team's own members go on, to be told
            // own-team or already-joined). A team that fills meanwhile is refused by the guarded UPDATE in the order's
            // transaction (GroupBuyTeams.Join), which is what decides.
            GroupBuyMetrics.JoinConflict();
            return Problems.Conflict("The team is full, closed or expired.", "team-closed");
        }

        var plan = new CheckoutPlan($"group-buy:{teamId}:join", campaign.Id, campaign.Price, GroupBuyTeams.Join(campaign, teamId, now));
        var result = await placeOrder.PlaceAsync(userId, idempotencyKey!, checkout, CancellationToken.None, plan);
        if (result.Order is not { TeamId: not null } placed) return CheckoutEndpoints.ToProblem(result);
        return TypedResults.Created($"/api/order/orders/{placed.OrderId}", new TeamJoined(teamId, placed));
    }

    public static async Task<Ok<IReadOnlyList<TeamView>>> OpenTeams(
        Guid campaignId, NpgsqlDataSource dataSource, CampaignCatalog campaigns, IOptions<OrderOptions> options, TimeProvider time)
    {
        var campaign = await campaigns.FindAsync(campaignId);
        if (campaign is null) return TypedResults.Ok<IReadOnlyList<TeamView>>([]);
        await using var connection = await dataSource.OpenConnectionAsync();
        var teams = await connection.QueryAsync<TeamRow>(
            $"""
            SELECT {TeamRow.Columns} FROM group_buy_teams
            WHERE campaign_id = @campaignId AND status = 'open' AND expires_at > @now AND members < size
            ORDER BY expires_at LIMIT 50
            """,
            new { campaignId, now = time.GetUtcNow() });
        return TypedResults.Ok<IReadOnlyList<TeamView>>(teams.Select(team => ToView(team, campaign, options.Value, time)).ToList());
    }

    public static async Task<Results<Ok<TeamView>, ProblemHttpResult>> Team(
        Guid teamId, NpgsqlDataSource dataSource, CampaignCatalog campaigns, IOptions<OrderOptions> options, TimeProvider time)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var team = await connection.QuerySingleOrDefaultAsync<TeamRow>($"SELECT {TeamRow.Columns} FROM group_buy_teams WHERE id = @teamId", new { teamId });
        if (team is null || await campaigns.FindAsync(team.CampaignId) is not { } campaign) return Problems.NotFound("The team does not exist.");
        return TypedResults.Ok(ToView(team, campaign, options.Value, time));
    }

    private static async Task<TeamRow?> FindTeamAsync(NpgsqlDataSource dataSource, Guid teamId)
    {
        // Closed before checkout opens its own: one pooled connection per request at a time.
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<TeamRow>($"SELECT {TeamRow.Columns} FROM group_buy_teams WHERE id = @teamId", new { teamId });
    }

    private static async Task<bool> InTeamAsync(NpgsqlDataSource dataSource, Guid teamId, Guid userId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<bool>(
            """
            SELECT EXISTS (SELECT 1 FROM group_buy_teams WHERE id = @teamId AND leader_id = @userId)
                OR EXISTS (SELECT 1 FROM group_buy_members WHERE team_id = @teamId AND user_id = @userId)
            """,
            new { teamId, userId });
    }

    private static (CheckoutRequest Checkout, ValidationProblem? Invalid) Validate(
        Campaign campaign, TeamRequest request, string? idempotencyKey, OrderOptions options)
    {
        var checkout = new CheckoutRequest([new CartLine(campaign.SkuId, request.Quantity)], request.ShippingAddress, request.ReferralCode);
        var validator = CheckoutValidation.Validate(idempotencyKey, checkout, options);
        var limit = campaign.PerUserLimit > 0 ? Math.Min(campaign.PerUserLimit, options.MaxQuantityPerLine) : options.MaxQuantityPerLine;
        validator.Check(request.Quantity >= 1 && request.Quantity <= limit, "quantity", $"must be between 1 and {limit}");
        return (checkout, validator.IsValid ? null : validator.ToProblem());
    }

    private static string ShareUrl(OrderOptions options, Guid teamId, string? referralCode) =>
        $"{options.PublicUrl.TrimEnd('/')}/api/order/group-buys/teams/{teamId}" + (referralCode is null ? "" : $"?ref={Uri.EscapeDataString(referralCode)}");

    private static TeamView ToView(TeamRow team, Campaign campaign, OrderOptions options, TimeProvider time)
    {
        var expiresAt = new DateTimeOffset(team.ExpiresAt, TimeSpan.Zero);
        var open = team.Status == "open" && expiresAt > time.GetUtcNow();
        return new TeamView(team.Id, team.CampaignId, campaign.Title, new Money(campaign.Price, campaign.Currency), team.Size, team.Members, team.Paid,
            open ? team.Size - team.Members : 0, team.Status, expiresAt, open ? (int)(expiresAt - time.GetUtcNow()).TotalSeconds : 0,
            ShareUrl(options, team.Id, null));
    }

    private sealed class TeamRow
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
}
