using Microsoft.Extensions.Options;
using SocialCommerce.Contracts.Catalog.V1;
using SocialCommerce.Order.Campaigns;
using SocialCommerce.Order.Carts;
using SocialCommerce.Order.Checkout;
using SocialCommerce.Order.Orders;

namespace SocialCommerce.Order.Tests;

/// <summary>
/// Writing a checkout's order (Checkout/OrderPlacement) with its plan's seat, on real PostgreSQL: a seat that is refused
/// rolls the whole order back, and of many joiners for the last places exactly as many as there are places get them.
/// </summary>
[TestFixture]
public sealed class OrderPlacementTests
{
    private OrderDatabase db = null!;
    private readonly OrderPlacement placement = new(Options.Create(new OrderOptions()), new OrderMetrics(TestMeters.Factory), TimeProvider.System);

    [OneTimeSetUp]
    public void CreateDatabase() => db = OrderDatabase.Create();

    [Test]
    public async Task WriteAsync_CartCheckout_BoughtSkuLeavesTheCartAndOrderPlacedIsInTheOutbox()
    {
        var (userId, bought, kept) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var carts = new CartStore(db.DataSource, TimeProvider.System);
        await carts.PutAsync(userId, [new CartLine(bought, 1), new CartLine(kept, 2)]);

        var (order, refusal) = await WriteAsync(userId, CheckoutPlan.Cart, bought, 1, 2500);

        Assert.Multiple(async () =>
        {
            Assert.That(refusal, Is.Null);
            Assert.That(order!.Total, Is.EqualTo(2500));
            Assert.That(await carts.GetAsync(userId), Is.EqualTo(new[] { new CartLine(kept, 2) }));
            Assert.That(await OrderPlacedEventsAsync(order.Id), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task WriteAsync_JoinFullTeam_RefusedAndNothingWritten()
    {
        var campaign = await db.CampaignAsync("group-buy", teamSize: 2);
        var leader = await WriteAsync(Guid.CreateVersion7(), CheckoutPlan.StartTeam(campaign), campaign.SkuId, 1, campaign.Price);
        var teamId = leader.Order!.TeamId!.Value;
        var first = await WriteAsync(Guid.CreateVersion7(), CheckoutPlan.JoinTeam(campaign, teamId), campaign.SkuId, 1, campaign.Price);

        var orderId = Guid.CreateVersion7();
        var late = await WriteAsync(Guid.CreateVersion7(), CheckoutPlan.JoinTeam(campaign, teamId), campaign.SkuId, 1, campaign.Price, orderId);

        Assert.Multiple(async () =>
        {
            Assert.That(first.Order?.TeamId, Is.EqualTo(teamId));
            Assert.That(late.Refusal?.Problem?.Code, Is.EqualTo("team-closed"));
            Assert.That(late.Refusal?.StatusCode, Is.EqualTo(409));
            Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM orders WHERE id = @orderId", new { orderId }), Is.Zero);
            Assert.That(await OrderPlacedEventsAsync(orderId), Is.Zero);
            Assert.That(await db.ScalarAsync<int>("SELECT members FROM group_buy_teams WHERE id = @teamId", new { teamId }), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task WriteAsync_TwelveJoinersForTwoPlaces_ExactlyTwoPlacedTeamNeverOverFull()
    {
        var campaign = await db.CampaignAsync("group-buy", teamSize: 3);
        var leader = await WriteAsync(Guid.CreateVersion7(), CheckoutPlan.StartTeam(campaign), campaign.SkuId, 1, campaign.Price);
        var teamId = leader.Order!.TeamId!.Value;

        var joins = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ =>
            WriteAsync(Guid.CreateVersion7(), CheckoutPlan.JoinTeam(campaign, teamId), campaign.SkuId, 1, campaign.Price)));

        Assert.Multiple(async () =>
        {
            Assert.That(joins.Count(join => join.Order is not null), Is.EqualTo(2));
            Assert.That(joins.Where(join => join.Order is null).Select(join => join.Refusal!.Problem!.Code).Distinct(), Is.EqualTo(new[] { "team-closed" }));
            Assert.That(await db.ScalarAsync<int>("SELECT members FROM group_buy_teams WHERE id = @teamId", new { teamId }), Is.EqualTo(3));
            Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM orders WHERE team_id = @teamId", new { teamId }), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task WriteAsync_SecondTeamPastThePerUserLimit_429AndRolledBack()
    {
        var campaign = await db.CampaignAsync("group-buy", perUserLimit: 2);
        var userId = Guid.CreateVersion7();
        var first = await WriteAsync(userId, CheckoutPlan.StartTeam(campaign), campaign.SkuId, 2, campaign.Price);

        var second = await WriteAsync(userId, CheckoutPlan.StartTeam(campaign), campaign.SkuId, 1, campaign.Price);

        Assert.Multiple(async () =>
        {
            Assert.That(first.Order, Is.Not.Null);
            Assert.That(second.Refusal?.StatusCode, Is.EqualTo(429));
            Assert.That(second.Refusal?.Problem?.Code, Is.EqualTo("per-user-limit"));
            Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM group_buy_teams WHERE leader_id = @userId", new { userId }), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task WriteAsync_FlashSaleWithoutAHeldAdmission_RefusedAsLapsed()
    {
        var campaign = await db.CampaignAsync("flash-sale");
        var orderId = Guid.CreateVersion7();

        var (order, refusal) = await WriteAsync(Guid.CreateVersion7(), CheckoutPlan.FlashSale(campaign, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow.AddMinutes(5)), campaign.SkuId, 1,
            campaign.Price, orderId);

        Assert.Multiple(async () =>
        {
            Assert.That(order, Is.Null);
            Assert.That(refusal?.Problem?.Code, Is.EqualTo("admission-lapsed"));
            Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM orders WHERE id = @orderId", new { orderId }), Is.Zero);
        });
    }

    private async Task<(OrderRow? Order, CheckoutResult? Refusal)> WriteAsync(
        Guid userId, CheckoutPlan plan, Guid skuId, int quantity, long price, Guid? orderId = null)
    {
        var quote = new QuoteResponse
        {
            Lines =
            {
                new QuotedLine
                {
                    SkuId = skuId.ToString(), ProductId = Guid.CreateVersion7().ToString(), ShopId = plan.Campaign?.ShopId.ToString() ?? Guid.CreateVersion7().ToString(),
                    MerchantId = plan.Campaign?.MerchantId.ToString() ?? Guid.CreateVersion7().ToString(), Title = "测试商品",
                    Price = new Money { Amount = price, Currency = "CNY" }, Quantity = quantity, Available = 100,
                },
            },
        };
        var request = new CheckoutRequest([new CartLine(skuId, quantity)], OrderDatabase.Address, null);
        await using var connection = await db.DataSource.OpenConnectionAsync();
        return await placement.WriteAsync(connection, orderId ?? Guid.CreateVersion7(), userId, request, quote, plan);
    }

    private Task<long> OrderPlacedEventsAsync(Guid orderId) =>
        db.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_messages WHERE message_type LIKE 'SocialCommerce.Contracts.Events.Order.OrderPlaced,%' AND body->>'orderId' = @id",
            new { id = orderId.ToString() });
}
