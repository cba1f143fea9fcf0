using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialCommerce.EndToEnd.Tests.Orders;

/// <summary>Group-buys (拼团) through the gateway: a team completes once when its last places are paid, fails once when time runs out.</summary>
public sealed class GroupBuyJourneyTests
{
    [Test]
    public async Task TeamOfThree_AllPaid_CompletesOnceAtGroupPriceAndShipsOnlyThen()
    {
        var sku = (await Shop.TakeSkusAsync(1))[0];
        using var merchant = await Shop.MerchantAsync();
        var campaignId = await GroupBuy.CampaignAsync(merchant, sku, teamSize: 3, TimeSpan.FromHours(1));
        using var leader = await Shop.NewShopperAsync();
        using var friend = await Shop.NewShopperAsync();
        using var another = await Shop.NewShopperAsync();

        var (teamId, leaderOrder, shareUrl) = await GroupBuy.StartAsync(leader, campaignId);
        var friendOrder = await GroupBuy.JoinAsync(friend, teamId);
        await Shop.PressAsync(leaderOrder.PayUrl);
        await Shop.PressAsync(friendOrder.PayUrl);
        await Shop.WaitForStatusAsync(friend, friendOrder.OrderId, "paid");
        var beforeLastPlace = await GroupBuy.TeamAsync(teamId);
        var earlyShipment = await merchant.PostAsJsonAsync($"/api/seller/orders/{leaderOrder.OrderId}/shipments", new { carrier = "sf", trackingNo = "SF7777777777" });
        var anotherOrder = await GroupBuy.JoinAsync(another, teamId);
        await Shop.PressAsync(anotherOrder.PayUrl);

        var completed = await Eventually.WaitForAsync(() => GroupBuy.TeamAsync(teamId), t => t.GetProperty("status").GetString() == "completed");
        Assert.Multiple(async () =>
        {
            Assert.That(shareUrl, Is.EqualTo($"{Platform.GatewayUrl}/teams/{teamId}"), "the team's page in the web client");
            Assert.That(leaderOrder.Total, Is.EqualTo(sku.Price * 8 / 10), "the group price");
            Assert.That(beforeLastPlace.GetProperty("placesLeft").GetInt32(), Is.EqualTo(1));
            Assert.That(completed.GetProperty("paid").GetInt32(), Is.EqualTo(3));
            Assert.That(await GroupBuy.EventsAsync("GroupBuyCompleted", teamId), Is.EqualTo(1));
        });
        Assert.That((await earlyShipment.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString(), Is.EqualTo("team-not-complete"));
        await Carrier.ShipAsync(merchant, leaderOrder.OrderId);
    }

    [Test]
    public async Task Ship_TeamStillFillingWhileTheStockCommitIsOwed_TeamNotCompleteNotSettling()
    {
        var sku = (await Shop.TakeSkusAsync(1))[0];
        using var merchant = await Shop.MerchantAsync();
        var campaignId = await GroupBuy.CampaignAsync(merchant, sku, teamSize: 2, TimeSpan.FromHours(1));
        using var leader = await Shop.NewShopperAsync();
        var (_, leaderOrder, _) = await GroupBuy.StartAsync(leader, campaignId);
        await Shop.PressAsync(leaderOrder.PayUrl);
        await Shop.WaitForStatusAsync(leader, leaderOrder.OrderId, "paid");
        // Holds the moment a busy machine produced by chance: the paid order's stock commit is still owed (an owed call the
        // worker will not reach for a day) while its team waits for its second member.
        var owed = Guid.CreateVersion7();
        await OrderDatabaseAsync(
            """
            INSERT INTO owed_calls (id, subject_id, kind, payload, next_attempt_at, created_at)
            VALUES (@owed, @OrderId, 'commit-stock', '{}', now() + interval '1 day', now())
            """,
            new { owed, leaderOrder.OrderId });
        try
        {
            var shipment = await merchant.PostAsJsonAsync($"/api/seller/orders/{leaderOrder.OrderId}/shipments", new { carrier = "sf", trackingNo = "SF7777777778" });

            var problem = await shipment.AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("team-not-complete"), "settling would tell the merchant to retry at once");
        }
        finally
        {
            await OrderDatabaseAsync("UPDATE owed_calls SET done_at = now() WHERE id = @owed", new { owed });
        }
    }

    private static async Task OrderDatabaseAsync(string sql, object args)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Platform.Instance.OrderDatabase);
        await Dapper.SqlMapper.ExecuteAsync(connection, sql, args);
    }

    [Test]
    public async Task LastTwoPlaces_PaidAtTheSameMoment_TeamCompletesExactlyOnce()
    {
        var sku = (await Shop.TakeSkusAsync(1))[0];
        using var merchant = await Shop.MerchantAsync();
        var campaignId = await GroupBuy.CampaignAsync(merchant, sku, teamSize: 3, TimeSpan.FromHours(1));
        using var leader = await Shop.NewShopperAsync();
        using var second = await Shop.NewShopperAsync();
        using var third = await Shop.NewShopperAsync();
        var (teamId, leaderOrder, _) = await GroupBuy.StartAsync(leader, campaignId);
        var secondOrder = await GroupBuy.JoinAsync(second, teamId);
        var thirdOrder = await GroupBuy.JoinAsync(third, teamId);
        await Shop.PressAsync(leaderOrder.PayUrl);
        await Shop.WaitForStatusAsync(leader, leaderOrder.OrderId, "paid");

        await Task.WhenAll(Shop.PressAsync(secondOrder.PayUrl), Shop.PressAsync(thirdOrder.PayUrl));

        await Eventually.WaitForAsync(() => GroupBuy.TeamAsync(teamId), t => t.GetProperty("status").GetString() == "completed");
        // Every payment that could complete the team has committed (the completion commits with the last of them).
        await Shop.WaitForStatusAsync(second, secondOrder.OrderId, "paid");
        await Shop.WaitForStatusAsync(third, thirdOrder.OrderId, "paid");
        Assert.That(await GroupBuy.EventsAsync("GroupBuyCompleted", teamId), Is.EqualTo(1));
        Assert.That((await GroupBuy.TeamAsync(teamId)).GetProperty("paid").GetInt32(), Is.EqualTo(3));
    }

    [Test]
    public async Task Team_ExpiresWithTwoPaidAndOneUnpaid_FailsOnceBothRefundedOnceStockBack()
    {
        var sku = (await Shop.TakeSkusAsync(1))[0];
        using var merchant = await Shop.MerchantAsync();
        var before = await Shop.AvailableAsync(sku.Id);
        var campaignId = await GroupBuy.CampaignAsync(merchant, sku, teamSize: 4, TimeSpan.FromSeconds(10));
        using var leader = await Shop.NewShopperAsync();
        using var paying = await Shop.NewShopperAsync();
        using var dawdler = await Shop.NewShopperAsync();
        var (teamId, leaderOrder, _) = await GroupBuy.StartAsync(leader, campaignId);
        var payingOrder = await GroupBuy.JoinAsync(paying, teamId);
        var unpaidOrder = await GroupBuy.JoinAsync(dawdler, teamId);
        await Shop.PressAsync(leaderOrder.PayUrl);
        await Shop.PressAsync(payingOrder.PayUrl);

        var failed = await Eventually.WaitForAsync(() => GroupBuy.TeamAsync(teamId), t => t.GetProperty("status").GetString() == "failed",
            TimeSpan.FromSeconds(40));
        Assert.That(failed.GetProperty("status").GetString(), Is.EqualTo("failed"));
        foreach (var (client, order) in new[] { (leader, leaderOrder), (paying, payingOrder) })
        {
            var refunded = await Eventually.WaitForAsync(() => Shop.OrderAsync(client, order.OrderId),
                o => o.GetProperty("refunded").GetProperty("amount").GetInt64() == order.Total, TimeSpan.FromSeconds(30));
            Assert.Multiple(() =>
            {
                Assert.That(refunded.GetProperty("status").GetString(), Is.EqualTo("cancelled"));
                Assert.That(refunded.GetProperty("cancelReason").GetString(), Is.EqualTo("group-buy-failed"));
                Assert.That(refunded.GetProperty("refunds").GetArrayLength(), Is.EqualTo(1));
            });
        }

        var unpaid = await Shop.OrderAsync(dawdler, unpaidOrder.OrderId);
        Assert.Multiple(async () =>
        {
            Assert.That(unpaid.GetProperty("status").GetString(), Is.EqualTo("cancelled"));
            Assert.That(await GroupBuy.EventsAsync("GroupBuyFailed", teamId), Is.EqualTo(1));
            Assert.That(await GroupBuy.EventsAsync("GroupBuyCompleted", teamId), Is.Zero);
            Assert.That(await Eventually.WaitForAsync(() => Shop.AvailableAsync(sku.Id), a => a == before), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task Joins_TwoHundredConcurrentIntoTeamsOfThree_NoTeamOverFull()
    {
        var sku = (await Shop.TakeSkusAsync(1))[0];
        using var merchant = await Shop.MerchantAsync();
        await Shop.SetStockAsync(merchant, sku.Id, 5000);
        var campaignId = await GroupBuy.CampaignAsync(merchant, sku, teamSize: 3, TimeSpan.FromHours(1));
        // Accounts one after another: sign-up hashes passwords, and 60 at once only measure the CPU.
        var leaders = new List<HttpClient>();
        for (var i = 0; i < 20; i++) leaders.Add(await Shop.NewShopperAsync());
        var teams = new List<Guid>();
        foreach (var leader in leaders) teams.Add((await GroupBuy.StartAsync(leader, campaignId)).TeamId);
        var joiners = new List<HttpClient>();
        for (var i = 0; i < 40; i++) joiners.Add(await Shop.NewShopperAsync());

        // 40 shoppers × 5 different teams each = 200 joins at once, ten per team for two free places.
        var attempts = joiners.SelectMany((joiner, i) => Enumerable.Range(0, 5).Select(k => (joiner, team: teams[(i + k * 4) % teams.Count]))).ToList();
        var answers = await Task.WhenAll(attempts.Select(a => GroupBuy.PostAsync(a.joiner, $"/api/order/group-buys/teams/{a.team}/join")));

        var created = answers.Count(a => a.StatusCode == HttpStatusCode.Created);
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            Assert.That((await refused.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString(), Is.EqualTo("team-closed"));
        }

        var members = await Task.WhenAll(teams.Select(t => Shop.OrderScalarAsync(
            "SELECT count(*) FROM group_buy_members WHERE team_id = @t AND status <> 'left'", new { t })));
        Assert.Multiple(async () =>
        {
            Assert.That(members, Has.All.EqualTo(3), "every team full, none over-full");
            Assert.That(created, Is.EqualTo(teams.Count * 2));
            Assert.That(await Shop.OrderScalarAsync("SELECT max(members) FROM group_buy_teams WHERE campaign_id = @campaignId", new { campaignId }),
                Is.EqualTo(3));
            // Joins that lost a place never touched the stock: they waited their turn and found the team full (one order replica here).
            Assert.That(await GroupBuy.ReservationsAsync(sku.Id), Is.EqualTo(teams.Count + created));
        });
        foreach (var client in leaders.Concat(joiners)) client.Dispose();
    }

    [Test]
    public async Task Join_OwnTeamTwiceFullOrOverLimit_RefusedAndNothingChanges()
    {
        var sku = (await Shop.TakeSkusAsync(1))[0];
        using var merchant = await Shop.MerchantAsync();
        var campaignId = await GroupBuy.CampaignAsync(merchant, sku, teamSize: 2, TimeSpan.FromHours(1), perUserLimit: 2);
        using var leader = await Shop.NewShopperAsync();
        using var member = await Shop.NewShopperAsync();
        using var late = await Shop.NewShopperAsync();
        var (teamId, _, _) = await GroupBuy.StartAsync(leader, campaignId);

        var own = await GroupBuy.PostAsync(leader, $"/api/order/group-buys/teams/{teamId}/join");
        var tooMany = await GroupBuy.PostAsync(member, $"/api/order/group-buys/teams/{teamId}/join", quantity: 3);
        await GroupBuy.JoinAsync(member, teamId);
        var twice = await GroupBuy.PostAsync(member, $"/api/order/group-buys/teams/{teamId}/join");
        var full = await GroupBuy.PostAsync(late, $"/api/order/group-buys/teams/{teamId}/join");
        var unknown = await GroupBuy.PostAsync(late, $"/api/order/group-buys/teams/{Guid.CreateVersion7()}/join");
        var overLimit = await GroupBuy.PostAsync(member, $"/api/order/group-buys/{campaignId}/teams", quantity: 2);

        Assert.That((await own.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString(), Is.EqualTo("own-team"));
        Assert.That((await tooMany.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("quantity", out _), Is.True);
        Assert.That((await twice.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString(), Is.EqualTo("already-joined"));
        Assert.That((await full.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString(), Is.EqualTo("team-closed"));
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.That((await overLimit.AssertProblemAsync(HttpStatusCode.TooManyRequests)).GetProperty("code").GetString(), Is.EqualTo("per-user-limit"),
            "one unit in a team plus two in a new team is over the limit of two");
        Assert.That((await GroupBuy.TeamAsync(teamId)).GetProperty("members").GetInt32(), Is.EqualTo(2));
        Assert.That((await late.GetFromJsonAsync<JsonElement>("/api/order/orders")).GetProperty("items").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task Member_CancelsBeforeCompletion_PlaceFreedForSomeoneElse()
    {
        var sku = (await Shop.TakeSkusAsync(1))[0];
        using var merchant = await Shop.MerchantAsync();
        var campaignId = await GroupBuy.CampaignAsync(merchant, sku, teamSize: 2, TimeSpan.FromHours(1));
        using var leader = await Shop.NewShopperAsync();
        using var quitter = await Shop.NewShopperAsync();
        using var newcomer = await Shop.NewShopperAsync();
        var (teamId, _, _) = await GroupBuy.StartAsync(leader, campaignId);
        var quitterOrder = await GroupBuy.JoinAsync(quitter, teamId);
        var whileFull = await GroupBuy.PostAsync(newcomer, $"/api/order/group-buys/teams/{teamId}/join");

        var cancelled = await quitter.PostAsync($"/api/order/orders/{quitterOrder.OrderId}/cancel", null);
        var afterCancel = await GroupBuy.TeamAsync(teamId);
        await GroupBuy.JoinAsync(newcomer, teamId);

        await whileFull.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(afterCancel.GetProperty("placesLeft").GetInt32(), Is.EqualTo(1));
        Assert.That((await GroupBuy.TeamAsync(teamId)).GetProperty("members").GetInt32(), Is.EqualTo(2));
    }
}
