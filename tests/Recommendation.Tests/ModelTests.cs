using Dapper;
using SocialCommerce.Contracts.Events.Catalog;
using SocialCommerce.Contracts.Events.Order;
using SocialCommerce.Contracts.Events.Social;
using SocialCommerce.Recommendation.Models;

namespace SocialCommerce.Recommendation.Tests;

/// <summary>Trending's decay, co-occurrence and what a refund or a delisting does to them, on real PostgreSQL.</summary>
[TestFixture]
public sealed class ModelTests
{
    private RecommendationDatabase db = null!;

    [SetUp]
    public async Task CreateDatabase() => db = await RecommendationDatabase.CreateAsync();

    [TearDown]
    public async Task Dispose() => await db.DisposeAsync();

    public static OrderPaid Paid(Guid userId, DateTimeOffset at, params Guid[] productIds) =>
        new(Guid.CreateVersion7(), "SC1", userId, Guid.CreateVersion7(), Guid.CreateVersion7(), 100, "CNY",
            productIds.Select(id => new OrderLine(Guid.CreateVersion7(), id, 1, 100)).ToList(), null, at);

    [Test]
    public void Decayed_AfterOneHalfLife_Half_AfterTwo_Quarter()
    {
        var halfLife = TimeSpan.FromDays(3);
        Assert.Multiple(() =>
        {
            Assert.That(ModelJob.Decayed(1, TimeSpan.Zero, halfLife), Is.EqualTo(1));
            Assert.That(ModelJob.Decayed(1, halfLife, halfLife), Is.EqualTo(0.5).Within(1e-12));
            Assert.That(ModelJob.Decayed(0.3, 2 * halfLife, halfLife), Is.EqualTo(0.075).Within(1e-12));
            Assert.That(ModelJob.Decayed(1, -halfLife, halfLife), Is.EqualTo(1), "a future time counts as now");
        });
    }

    [Test]
    public async Task Trending_PurchasesOfDifferentAges_DecayWithThreeDayHalfLife()
    {
        var now = DateTimeOffset.UtcNow;
        var (fresh, old) = (await db.ListedProductAsync(), await db.ListedProductAsync());
        await db.DeliverAsync(Paid(Guid.CreateVersion7(), now, fresh));
        await db.DeliverAsync(Paid(Guid.CreateVersion7(), now - TimeSpan.FromDays(3), old));
        await db.DeliverAsync(new Liked(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), [old], now - TimeSpan.FromDays(6)));

        await db.Models.RunOnceAsync(now);

        var scores = await db.TrendingScoresAsync();
        Assert.Multiple(() =>
        {
            Assert.That(scores[fresh], Is.EqualTo(1).Within(1e-4));
            Assert.That(scores[old], Is.EqualTo(0.5 + 0.3 * 0.25).Within(1e-4), "a purchase one half-life old plus a like two half-lives old");
        });
    }

    [Test]
    public async Task OrderPaid_Redelivered_CountedOnce()
    {
        var productId = await db.ListedProductAsync();
        var paid = Paid(Guid.CreateVersion7(), DateTimeOffset.UtcNow, productId, productId);

        await db.DeliverAsync(paid);
        await db.DeliverAsync(paid);
        await db.DeliverAsync(paid with { }, Guid.CreateVersion7());
        await db.Models.RunOnceAsync(DateTimeOffset.UtcNow);

        Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM interactions WHERE product_id = @productId", new { productId }), Is.EqualTo(1));
        Assert.That((await db.TrendingScoresAsync())[productId], Is.EqualTo(1).Within(1e-3));
    }

    [Test]
    public async Task RefundCompleted_LowersThatPurchaseOnly_Redelivered_StaysLowered()
    {
        var (kept, refunded) = (await db.ListedProductAsync(), await db.ListedProductAsync());
        var paid = Paid(Guid.CreateVersion7(), DateTimeOffset.UtcNow, kept, refunded);
        await db.DeliverAsync(paid);
        var refund = new RefundCompleted(Guid.CreateVersion7(), paid.OrderId, paid.UserId, "after-sales", 100, "CNY", 100, 200,
            [new RefundedLine(paid.Lines[1].SkuId, 1, 100, refunded)], DateTimeOffset.UtcNow);

        await db.DeliverAsync(refund);
        await db.DeliverAsync(refund);

        var weights = await WeightsAsync(paid.UserId);
        Assert.That(weights[kept], Is.EqualTo(1f));
        Assert.That(weights[refunded], Is.EqualTo(0.2f));
    }

    [Test]
    public async Task Similar_CoPurchases_RankedByHowManyChoseBoth_UnlistedLeftOut()
    {
        var (x, y, z, gone) = (await db.ListedProductAsync(), await db.ListedProductAsync(), await db.ListedProductAsync(), await db.ListedProductAsync());
        var now = DateTimeOffset.UtcNow;
        await db.DeliverAsync(Paid(Guid.CreateVersion7(), now, x, y, gone));
        await db.DeliverAsync(Paid(Guid.CreateVersion7(), now, x, y));
        var liker = Guid.CreateVersion7();
        await db.DeliverAsync(Paid(liker, now, x));
        await db.DeliverAsync(new Liked(liker, Guid.CreateVersion7(), Guid.CreateVersion7(), [z], now));
        await db.DeliverAsync(new ProductDelisted(gone, Guid.CreateVersion7(), now));

        await db.Models.RunOnceAsync(now);

        await using var connection = await db.DataSource.OpenConnectionAsync();
        var similar = (await connection.QueryAsync<(Guid SimilarId, double Score)>(
            "SELECT similar_id, score FROM similar_items WHERE product_id = @x ORDER BY score DESC", new { x })).ToList();
        Assert.That(similar.Select(s => s.SimilarId), Is.EqualTo(new[] { y, z }), "the delisted product is never similar");
        Assert.Multiple(() =>
        {
            Assert.That(similar[0].Score, Is.EqualTo(2).Within(1e-3), "two buyers of both");
            Assert.That(similar[1].Score, Is.EqualTo(0.3).Within(1e-3), "the smaller of a purchase and a like");
            Assert.That(db.TrendingScoresAsync().Result.ContainsKey(gone), Is.False, "nor trending");
        });
    }

    [Test]
    public async Task ProductListed_OlderCopyAfterDelisting_StaysDelisted()
    {
        var productId = Guid.CreateVersion7();
        var listed = new ProductListed(productId, Guid.CreateVersion7(), 3, "茶", [], 500, "CNY", DateTimeOffset.UtcNow.AddMinutes(-5));
        await db.DeliverAsync(listed);
        await db.DeliverAsync(new ProductDelisted(productId, listed.ShopId, DateTimeOffset.UtcNow));
        await db.DeliverAsync(listed);

        Assert.That(await db.ScalarAsync<bool>("SELECT listed FROM products WHERE id = @productId", new { productId }), Is.False);
    }

    private async Task<Dictionary<Guid, float>> WeightsAsync(Guid userId)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<(Guid ProductId, float Weight)>(
            "SELECT product_id, weight FROM interactions WHERE user_id = @userId", new { userId })).ToDictionary(r => r.ProductId, r => r.Weight);
    }
}
