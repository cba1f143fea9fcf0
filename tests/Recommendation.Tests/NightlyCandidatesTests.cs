using Dapper;
using SocialCommerce.Contracts.Events.Catalog;
using SocialCommerce.Contracts.Events.Identity;
using SocialCommerce.Recommendation.Models;
using SocialCommerce.Recommendation.Serving;
using static SocialCommerce.Recommendation.Tests.ModelTests;

namespace SocialCommerce.Recommendation.Tests;

/// <summary>The nightly `train` on real PostgreSQL: who gets candidates, which products never do, and the run it records.</summary>
public sealed class NightlyCandidatesTests
{
    private RecommendationDatabase db = null!;

    [SetUp]
    public async Task CreateDatabase() => db = await RecommendationDatabase.CreateAsync();

    [TearDown]
    public async Task Dispose() => await db.DisposeAsync();

    [Test]
    public async Task Train_ConsentingShopper_GetsListedUnboughtProductsBySimilarityAndTaste_OthersNothing_RunRecorded()
    {
        var (me, withoutConsent) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var (a, b, c, delisted) = (await db.ListedProductAsync(), await db.ListedProductAsync(), await db.ListedProductAsync(), await db.ListedProductAsync());
        var now = DateTimeOffset.UtcNow;
        for (var n = 0; n < 5; n++) await db.DeliverAsync(Paid(Guid.CreateVersion7(), now, a, b, c, delisted));
        await db.DeliverAsync(Paid(me, now, a, b));
        await db.DeliverAsync(Paid(withoutConsent, now, a));
        await db.DeliverAsync(new ConsentsChanged(me, false, true, false, now));
        await db.DeliverAsync(new ConsentsChanged(withoutConsent, true, false, false, now));
        await db.DeliverAsync(new ProductDelisted(delisted, Guid.CreateVersion7(), now));
        await db.Models.RunOnceAsync(now);

        var written = await db.Nightly.RunAsync(new AlsSettings(Factors: 4, Iterations: 4));

        await using var connection = await db.DataSource.OpenConnectionAsync();
        var candidates = (await connection.QueryAsync<(Guid UserId, string Source, Guid ProductId)>(
            "SELECT user_id, source, product_id FROM user_candidates WHERE source <> 'friends-bought' ORDER BY source")).ToList();
        var run = await connection.QuerySingleAsync<(int Signals, double Seconds)>("SELECT signals, seconds FROM model_runs WHERE model = 'taste'");
        Assert.Multiple(() =>
        {
            Assert.That(written, Is.EqualTo(2));
            Assert.That(candidates, Is.EqualTo(new[] { (me, UserCandidates.Similar, c), (me, UserCandidates.Taste, c) }),
                "only c is listed and not bought by me; nobody else consented");
            Assert.That(run.Signals, Is.EqualTo(5 * 4 + 2 + 1));
            Assert.That(run.Seconds, Is.Positive);
        });

        var items = await db.ForYou.BlendAsync(me, CancellationToken.None);
        Assert.That(items.Single(item => item.ProductId == c).Reason, Is.EqualTo(Reasons.SimilarToPurchase));
    }

    [Test]
    public async Task ForYou_ChoiceAfterTheNightlyRun_ItsSimilarItemsAddedOnTheFly()
    {
        var me = Guid.CreateVersion7();
        var (a, b, later, companion) = (await db.ListedProductAsync(), await db.ListedProductAsync(), await db.ListedProductAsync(), await db.ListedProductAsync());
        var before = DateTimeOffset.UtcNow.AddHours(-1);
        await db.DeliverAsync(Paid(Guid.CreateVersion7(), before, a, b));
        await db.DeliverAsync(Paid(Guid.CreateVersion7(), before, later, companion));
        await db.DeliverAsync(Paid(me, before, a));
        await db.DeliverAsync(new ConsentsChanged(me, false, true, false, before));
        await db.Models.RunOnceAsync(DateTimeOffset.UtcNow);
        await db.Nightly.RunAsync(new AlsSettings(Factors: 4, Iterations: 2));

        await db.DeliverAsync(Paid(me, DateTimeOffset.UtcNow.AddSeconds(1), later));

        var reasons = (await db.ForYou.BlendAsync(me, CancellationToken.None)).ToDictionary(item => item.ProductId, item => item.Reason);
        Assert.Multiple(() =>
        {
            Assert.That(reasons[b], Is.EqualTo(Reasons.SimilarToPurchase), "from the nightly list");
            Assert.That(reasons[companion], Is.EqualTo(Reasons.SimilarToPurchase), "from the purchase made since");
            Assert.That(reasons.ContainsKey(later), Is.False, "bought since the nightly run: not offered");
        });
    }

    [Test]
    public async Task Train_ConsentWithdrawnBeforeTheSwap_NoCandidatesForThem()
    {
        var me = Guid.CreateVersion7();
        var (a, b) = (await db.ListedProductAsync(), await db.ListedProductAsync());
        var now = DateTimeOffset.UtcNow;
        await db.DeliverAsync(Paid(Guid.CreateVersion7(), now, a, b));
        await db.DeliverAsync(Paid(me, now, a));
        await db.DeliverAsync(new ConsentsChanged(me, false, true, false, now));
        await db.Nightly.RunAsync(new AlsSettings(Factors: 4, Iterations: 2));
        Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM user_candidates WHERE user_id = @me", new { me }), Is.EqualTo(1));

        await db.DeliverAsync(new ConsentsChanged(me, false, false, false, now.AddSeconds(1)));
        await db.Nightly.RunAsync(new AlsSettings(Factors: 4, Iterations: 2));

        Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM user_candidates WHERE user_id = @me", new { me }), Is.Zero);
    }
}
