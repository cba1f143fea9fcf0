using SocialCommerce.Order.Campaigns;
using SocialCommerce.Order.Cancellation;
using SocialCommerce.Order.Orders;

namespace SocialCommerce.Order.Tests;

/// <summary>Cancellation, the one way an order is cancelled: once, with its seat given back and the undoing calls owed once.</summary>
[TestFixture]
public sealed class OrderCancellationTests
{
    private static readonly OrderMetrics Metrics = new(TestMeters.Factory);
    private OrderDatabase db = null!;

    [OneTimeSetUp]
    public void CreateDatabase() => db = OrderDatabase.Create();

    [Test]
    public async Task CancelAsync_UnpaidTeamMember_PlaceGivenBackAndStockReleaseOwed()
    {
        var campaign = await db.CampaignAsync("group-buy", teamSize: 3);
        var leader = await db.PlaceAsync(Guid.CreateVersion7(), campaign.Id);
        var member = await db.PlaceAsync(Guid.CreateVersion7(), campaign.Id);
        var teamId = Guid.CreateVersion7();
        await db.InTransactionAsync((c, t) => GroupBuyTeams.StartAsync(c, t, campaign, teamId, leader, DateTimeOffset.UtcNow, Metrics));
        await db.InTransactionAsync((c, t) => GroupBuyTeams.JoinAsync(c, t, campaign, teamId, member, DateTimeOffset.UtcNow, Metrics));

        var cancelled = await new OrderCancellation(db.DataSource, Metrics, TimeProvider.System)
            .CancelAsync(member.Id, [OrderStatus.AwaitingPayment], CancelReasons.Shopper);

        Assert.Multiple(async () =>
        {
            Assert.That(cancelled?.Status, Is.EqualTo(OrderStatus.Cancelled));
            Assert.That(await db.ScalarAsync<int>("SELECT members FROM group_buy_teams WHERE id = @teamId", new { teamId }), Is.EqualTo(1));
            Assert.That(await db.ScalarAsync<string>("SELECT status FROM group_buy_members WHERE order_id = @Id", member), Is.EqualTo("left"));
            Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM owed_calls WHERE subject_id = @Id AND kind = 'release-stock'", member), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task CancelAsync_PaidOrderCancelledTwiceAtOnce_OneCancellationOneRefundOfEverything()
    {
        var order = await db.PaidAsync(Guid.CreateVersion7(), (800, 2), (450, 1));
        var cancellation = new OrderCancellation(db.DataSource, Metrics, TimeProvider.System);

        var results = await Task.WhenAll(
            cancellation.CancelAsync(order.Id, [OrderStatus.Paid], CancelReasons.Shopper),
            cancellation.CancelAsync(order.Id, [OrderStatus.Paid], CancelReasons.Shopper));

        Assert.Multiple(async () =>
        {
            Assert.That(results.Count(result => result is not null), Is.EqualTo(1));
            Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM refunds WHERE order_id = @Id", order), Is.EqualTo(1));
            Assert.That(await db.ScalarAsync<long>("SELECT amount FROM refunds WHERE order_id = @Id", order), Is.EqualTo(2050));
            Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM owed_calls WHERE subject_id = @Id AND kind = 'restock'", order), Is.EqualTo(1));
            Assert.That(await db.ScalarAsync<long>(
                "SELECT count(*) FROM outbox_messages WHERE message_type LIKE 'SocialCommerce.Contracts.Events.Order.OrderCancelled,%' AND body->>'orderId' = @id",
                new { id = order.Id.ToString() }), Is.EqualTo(1));
        });
    }
}
