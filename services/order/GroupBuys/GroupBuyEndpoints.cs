using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.Order.Campaigns;
using SocialCommerce.Order.Carts;
using SocialCommerce.Order.Checkout;
using SocialCommerce.Order.Orders;
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
/// Idempotency-Key, through <see cref="PlaceOrder"/> with a plan naming the team; taking the place commits with the order or not
/// at all (<see cref="GroupBuyTeams"/>).
/// </summary>
public static class GroupBuyEndpoints
{
    private static readonly object TeamExample = new
    {
        quantity = 1,
        shippingAddress = new { name = "小红", phone = "13800000001", region = "浙江省杭州市西湖区", line1 = "文三路 90 号 8 幢 301" },
        referralCode = (string?)null,
    };

    public static RouteGroupBuilder MapGroupBuyEndpoints(this RouteGroupBuilder order)
    {
        var groupBuys = order.MapGroup("/group-buys")
            .WithTag("Group-buys", "拼团: start a team at the campaign price, share the team link, complete the team within its hours or everyone is refunded.");
        groupBuys.MapGet("/{campaignId:guid}/teams", OpenTeams).AllowAnonymous().WithSummary("Open teams to join, fullest first");
        groupBuys.MapGet("/teams/{teamId:guid}", Team).AllowAnonymous().WithSummary("A team: members, places left, deadline");
        groupBuys.MapPost("/{campaignId:guid}/teams", Start).WithSummary("Start a team and place my order (Idempotency-Key required)")
            .ProducesConflict("campaign-not-running", "out-of-stock", "unavailable").WithRequestExample(TeamExample);
        groupBuys.MapPost("/teams/{teamId:guid}/join", Join).WithSummary("Join a team and place my order (Idempotency-Key required)")
            .ProducesConflict("campaign-not-running", "team-closed", "own-team", "already-joined", "out-of-stock", "unavailable")
            .WithRequestExample(TeamExample);
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
        if (!campaign.IsRunning(time.GetUtcNow())) return Problems.Conflict("The group-buy has not started or has ended.", "campaign-not-running");

        var result = await placeOrder.PlaceAsync(context.User.UserId(), idempotencyKey!, checkout, CancellationToken.None, CheckoutPlan.StartTeam(campaign));
        if (result.Order is not { TeamId: { } teamId } placed) return result.ToProblem();
        return TypedResults.Created($"/api/order/group-buys/teams/{teamId}",
            new TeamStarted(teamId, ShareUrl(options.Value, teamId, request.ReferralCode), placed));
    }

    public static async Task<Results<Created<TeamJoined>, ValidationProblem, ProblemHttpResult>> Join(
        Guid teamId, TeamRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, HttpContext context,
        NpgsqlDataSource dataSource, GroupBuyTeams teams, CampaignCatalog campaigns, PlaceOrder placeOrder, TeamJoinTurns turns,
        IOptions<OrderOptions> options, OrderMetrics metrics, TimeProvider time)
    {
        var team = await teams.FindAsync(teamId);
        if (team is null || await campaigns.FindAsync(team.CampaignId) is not { } campaign) return Problems.NotFound("The team does not exist.");
        var (checkout, invalid) = Validate(campaign, request, idempotencyKey, options.Value);
        if (invalid is not null) return invalid;

        // The team as it is once this join's turn comes: joins that waited behind the one that filled it see it full.
        using var turn = await turns.WaitAsync(teamId, context.RequestAborted);
        team = await teams.FindAsync(teamId);
        if (team is null) return Problems.NotFound("The team does not exist.");
        var now = time.GetUtcNow();
        if (!campaign.IsRunning(now)) return Problems.Conflict("The group-buy has ended.", "campaign-not-running");
        var userId = context.User.UserId();
        if ((team.Status != "open" || team.Members >= team.Size || team.ExpiresAt <= now.UtcDateTime)
            && !await CheckoutClaims.ExistsAsync(dataSource, userId, idempotencyKey!) && !await teams.IsMemberAsync(teamId, userId))
        {
            // Already closed when read: refused before any stock is reserved (the team's own members go on, to be told
            // own-team or already-joined). A team that fills meanwhile is refused by the guarded UPDATE in the order's
            // transaction (GroupBuyTeams.JoinAsync), which is what decides.
            metrics.JoinConflict();
            return Problems.Conflict("The team is full, closed or expired.", "team-closed");
        }

        var result = await placeOrder.PlaceAsync(userId, idempotencyKey!, checkout, CancellationToken.None, CheckoutPlan.JoinTeam(campaign, teamId));
        if (result.Order is not { TeamId: not null } placed) return result.ToProblem();
        return TypedResults.Created($"/api/order/orders/{placed.OrderId}", new TeamJoined(teamId, placed));
    }

    public static async Task<Ok<IReadOnlyList<TeamView>>> OpenTeams(
        Guid campaignId, GroupBuyTeams teams, CampaignCatalog campaigns, IOptions<OrderOptions> options, TimeProvider time)
    {
        var campaign = await campaigns.FindAsync(campaignId);
        if (campaign is null) return TypedResults.Ok<IReadOnlyList<TeamView>>([]);
        var open = await teams.OpenAsync(campaignId, time.GetUtcNow());
        return TypedResults.Ok<IReadOnlyList<TeamView>>(open.Select(team => ToView(team, campaign, options.Value, time)).ToList());
    }

    public static async Task<Results<Ok<TeamView>, ProblemHttpResult>> Team(
        Guid teamId, GroupBuyTeams teams, CampaignCatalog campaigns, IOptions<OrderOptions> options, TimeProvider time)
    {
        var team = await teams.FindAsync(teamId);
        if (team is null || await campaigns.FindAsync(team.CampaignId) is not { } campaign) return Problems.NotFound("The team does not exist.");
        return TypedResults.Ok(ToView(team, campaign, options.Value, time));
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

    // The team's page in the web client: the link is opened by people in a chat app, not by an API client.
    private static string ShareUrl(OrderOptions options, Guid teamId, string? referralCode) =>
        $"{options.PublicUrl.TrimEnd('/')}/teams/{teamId}" + (referralCode is null ? "" : $"?ref={Uri.EscapeDataString(referralCode)}");

    private static TeamView ToView(TeamRow team, Campaign campaign, OrderOptions options, TimeProvider time)
    {
        var expiresAt = new DateTimeOffset(team.ExpiresAt, TimeSpan.Zero);
        var open = team.Status == "open" && expiresAt > time.GetUtcNow();
        return new TeamView(team.Id, team.CampaignId, campaign.Title, new Money(campaign.Price, campaign.Currency), team.Size, team.Members, team.Paid,
            open ? team.Size - team.Members : 0, team.Status, expiresAt, open ? (int)(expiresAt - time.GetUtcNow()).TotalSeconds : 0,
            ShareUrl(options, team.Id, null));
    }
}
