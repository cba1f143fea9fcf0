using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Npgsql;
using SocialCommerce.TestSupport;

namespace SocialCommerce.Benchmarks;

/// <summary>
/// P3 end to end: one group-buy campaign (teams of 3) on the platform as <see cref="LocalPlatform"/> starts it. 100 leaders
/// start 1,000 teams; 200 shoppers as 200 concurrent clients make 10,000 joins, ten joiners racing for each team's two free
/// places; then every place of half the teams is paid (they complete) and two of three of the other half (they fail when
/// the campaign ends, and their paid members must be refunded). Audited in order's database: no team over size, one
/// close per team, each paid member of a failed team refunded in full exactly once, each unpaid order cancelled.
/// </summary>
public static class GroupBuyJoinBenchmark
{
    private const int TeamCount = 1_000;
    private const int LeaderCount = 100;
    private const int JoinerCount = 200;
    private const int JoinsPerJoiner = 50;
    private static readonly TimeSpan CampaignRuns = TimeSpan.FromMinutes(4);

    public static async Task RunAsync()
    {
        await using var platform = await LocalPlatform.StartAsync(authPerIpPerMinute: 1_000_000, perUserPerSecond: 1_000_000);
        using var http = Campaigns.NewHttpClient();
        var merchant = await Accounts.SignInAsync(http, Accounts.MerchantPhone, Accounts.MerchantPassword);
        var leaders = await Accounts.SignUpShoppersAsync(http, LeaderCount);
        var joiners = await Accounts.SignUpShoppersAsync(http, JoinerCount);
        var sku = await Campaigns.SkuAsync(platform, 2);
        var campaignId = await Campaigns.CreateAsync(http, merchant, sku.Id, 1_000_000, startsAt => new
        {
            type = "group-buy", skuId = sku.Id, price = new { amount = sku.Price * 8 / 10, currency = "CNY" }, startsAt,
            endsAt = startsAt + CampaignRuns, teamSize = 3, teamHours = 24,
        });
        var endsAt = DateTimeOffset.UtcNow + CampaignRuns;

        var clock = Stopwatch.StartNew();
        var teams = await StartTeamsAsync(http, leaders, campaignId);
        var started = clock.Elapsed;
        clock.Restart();
        var joins = await JoinAsync(http, joiners, teams);
        var joined = clock.Elapsed;
        clock.Restart();
        var presses = await PayAsync(http, teams, joins);
        var paidOnTime = DateTimeOffset.UtcNow < endsAt;
        await WaitAsync(platform, "SELECT count(*) FROM orders WHERE campaign_id = @campaignId AND status = 'paid'", campaignId, presses, TimeSpan.FromMinutes(2));
        var paid = clock.Elapsed;

        // The campaign's end is every team's deadline: the half with an unpaid place fails there.
        var wait = endsAt - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
        clock.Restart();
        await WaitAsync(platform, "SELECT count(*) FROM group_buy_teams WHERE campaign_id = @campaignId AND status <> 'open'", campaignId, TeamCount, TimeSpan.FromMinutes(2));
        await WaitAsync(platform,
            """
            SELECT count(*) FROM orders o JOIN group_buy_teams t ON t.id = o.team_id
            WHERE t.campaign_id = @campaignId AND t.status = 'failed' AND o.paid_amount > 0 AND o.refunded_amount = o.paid_amount
            """,
            campaignId, TeamCount / 2 * 2, TimeSpan.FromMinutes(3));
        var settled = clock.Elapsed;

        Print(teams, joins, started, joined, paid, settled, paidOnTime, await AuditAsync(platform, campaignId));
    }

    private static async Task<List<Team>> StartTeamsAsync(HttpClient http, IReadOnlyList<Shopper> leaders, Guid campaignId)
    {
        var teams = new ConcurrentBag<Team>();
        await Task.WhenAll(leaders.Select(leader => Task.Run(async () =>
        {
            for (var i = 0; i < TeamCount / LeaderCount; i++)
            {
                var (status, body, _) = await Campaigns.PostAsync(http, $"/api/order/group-buys/{campaignId}/teams", leader.Token,
                    new { quantity = 1, shippingAddress = Campaigns.Address });
                if (status != 201) throw new InvalidOperationException($"starting a team: {status} {body}");
                teams.Add(new Team(body!.Value.GetProperty("teamId").GetGuid(), PayUrl(body.Value.GetProperty("order"))));
            }
        })));
        return teams.OrderBy(team => team.Id).ToList();
    }

    /// <summary>Joiner j tries 50 consecutive teams in a shuffled order, so each team meets ten joiners at about the same time.</summary>
    private static async Task<List<Join>> JoinAsync(HttpClient http, IReadOnlyList<Shopper> joiners, List<Team> teams)
    {
        var joins = new ConcurrentBag<Join>();
        await Task.WhenAll(joiners.Select((joiner, j) => Task.Run(async () =>
        {
            var targets = Enumerable.Range(0, JoinsPerJoiner).Select(k => (j * JoinsPerJoiner + k) % teams.Count).OrderBy(_ => Random.Shared.Next()).ToList();
            foreach (var target in targets)
            {
                var (status, body, ms) = await Campaigns.PostAsync(http, $"/api/order/group-buys/teams/{teams[target].Id}/join", joiner.Token,
                    new { quantity = 1, shippingAddress = Campaigns.Address });
                var code = status == 409 && body?.TryGetProperty("code", out var c) == true ? c.GetString() : null;
                joins.Add(new Join(target, status, code, status == 201 ? PayUrl(body!.Value.GetProperty("order")) : null, ms));
            }
        })));
        return joins.ToList();
    }

    /// <summary>Even teams: all three places paid. Odd teams: the leader and the first joiner only. Returns the presses made.</summary>
    private static async Task<int> PayAsync(HttpClient http, List<Team> teams, List<Join> joins)
    {
        var members = joins.Where(j => j.PayUrl is not null).GroupBy(j => j.Team).ToDictionary(g => g.Key, g => g.Select(j => j.PayUrl!).ToList());
        var urls = teams.SelectMany((team, i) => new[] { team.LeaderPayUrl }.Concat(members.GetValueOrDefault(i, []).Take(i % 2 == 0 ? 2 : 1))).ToList();
        await Parallel.ForEachAsync(urls, new ParallelOptions { MaxDegreeOfParallelism = 100 }, async (url, _) =>
        {
            using var pressed = await http.PostAsync($"{url}/pay", null);
            if (!pressed.IsSuccessStatusCode) throw new InvalidOperationException($"pay: {pressed.StatusCode}");
        });
        return urls.Count;
    }

    private static async Task WaitAsync(LocalPlatform platform, string countSql, Guid campaignId, long expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        await using var connection = new NpgsqlConnection(platform.OrderDatabase);
        while (await connection.ExecuteScalarAsync<long>(countSql, new { campaignId }) < expected)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited {timeout} for {expected}: {countSql}");
            await Task.Delay(500);
        }
    }

    private static async Task<Audit> AuditAsync(LocalPlatform platform, Guid campaignId)
    {
        await using var connection = new NpgsqlConnection(platform.OrderDatabase);
        return await connection.QuerySingleAsync<Audit>(
            """
            WITH teams AS (SELECT * FROM group_buy_teams WHERE campaign_id = @campaignId),
                 places AS (SELECT m.team_id, count(*) AS taken FROM group_buy_members m JOIN teams t ON t.id = m.team_id
                            WHERE m.status <> 'left' GROUP BY m.team_id),
                 failed_orders AS (SELECT o.* FROM orders o JOIN teams t ON t.id = o.team_id WHERE t.status = 'failed'),
                 events AS (SELECT message_type, body->>'teamId' AS team_id FROM outbox_messages
                            WHERE message_type LIKE 'SocialCommerce.Contracts.Events.Order.GroupBuy%')
            SELECT (SELECT count(*) FROM teams) AS teams,
                   (SELECT count(*) FROM places p JOIN teams t ON t.id = p.team_id WHERE p.taken > t.size) AS oversize,
                   (SELECT coalesce(max(taken), 0) FROM places) AS mostmembers,
                   (SELECT count(*) FROM teams WHERE status = 'completed') AS completed,
                   (SELECT count(*) FROM teams WHERE status = 'failed') AS failed,
                   (SELECT count(*) FROM events e JOIN teams t ON t.id::text = e.team_id) AS closeevents,
                   (SELECT count(*) FROM failed_orders WHERE paid_amount > 0) AS failedpaid,
                   (SELECT count(*) FROM failed_orders f WHERE paid_amount > 0 AND refunded_amount = paid_amount
                        AND (SELECT count(*) FROM refunds r WHERE r.order_id = f.id) = 1) AS refundedonce,
                   (SELECT count(*) FROM failed_orders WHERE paid_amount = 0 AND status = 'cancelled') AS unpaidcancelled,
                   (SELECT count(*) FROM failed_orders WHERE paid_amount = 0) AS failedunpaid
            """,
            new { campaignId });
    }

    private static void Print(List<Team> teams, List<Join> joins, TimeSpan started, TimeSpan joined, TimeSpan paid, TimeSpan settled, bool paidOnTime, Audit audit)
    {
        var placed = joins.Where(j => j.Status == 201).Select(j => j.Ms).ToArray();
        var refused = joins.Where(j => j.Status == 409).Select(j => j.Ms).ToArray();
        Console.WriteLine();
        Console.WriteLine("## P3 — group-buy joins through the gateway");
        Console.WriteLine($"{teams.Count:N0} teams of 3 started by {LeaderCount} leaders; {joins.Count:N0} joins by {JoinerCount} concurrent clients (ten joiners per team).");
        Console.WriteLine("| measure | figure |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| teams started | {audit.Teams:N0} in {started.TotalSeconds:0.0} s ({teams.Count / started.TotalSeconds:0} /s) |");
        Console.WriteLine($"| joins: placed / refused / other | **{placed.Length:N0}** / {refused.Length:N0} ({string.Join(", ", joins.Where(j => j.Status == 409).GroupBy(j => j.Code).Select(g => $"{g.Key} ×{g.Count():N0}"))}) / {joins.Count(j => j.Status is not (201 or 409))} |");
        Console.WriteLine($"| all joins answered after | {joined.TotalSeconds:0.0} s ({joins.Count / joined.TotalSeconds:0} joins/s) |");
        Console.WriteLine($"| join latency p50 / p99: placed; refused | {Pgbench.Percentile(placed, 50):0} / {Pgbench.Percentile(placed, 99):0} ms; {Pgbench.Percentile(refused, 50):0} / {Pgbench.Percentile(refused, 99):0} ms |");
        Console.WriteLine($"| teams over size (most members in a team) | **{audit.OverSize}** ({audit.MostMembers}) |");
        Console.WriteLine($"| places paid, all orders paid after | {paid.TotalSeconds:0.0} s{(paidOnTime ? "" : " (after the campaign's end: figures below are not the designed split)")} |");
        Console.WriteLine($"| teams completed / failed; GroupBuyCompleted + GroupBuyFailed events | {audit.Completed:N0} / {audit.Failed:N0}; {audit.CloseEvents:N0} |");
        Console.WriteLine($"| paid members of failed teams refunded in full exactly once | **{audit.RefundedOnce:N0} of {audit.FailedPaid:N0}** |");
        Console.WriteLine($"| unpaid orders of failed teams cancelled | {audit.UnpaidCancelled:N0} of {audit.FailedUnpaid:N0} |");
        Console.WriteLine($"| from the campaign's end to the last refund settled | {settled.TotalSeconds:0.0} s |");
    }

    private static string PayUrl(JsonElement order) => order.GetProperty("payment").GetProperty("payUrl").GetString()!;

    private sealed record Team(Guid Id, string LeaderPayUrl);

    private sealed record Join(int Team, int Status, string? Code, string? PayUrl, double Ms);

    private sealed record Audit(
        long Teams, long OverSize, long MostMembers, long Completed, long Failed, long CloseEvents, long FailedPaid, long RefundedOnce,
        long UnpaidCancelled, long FailedUnpaid);
}
