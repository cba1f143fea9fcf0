using Dapper;
using SocialCommerce.Contracts.Events.Catalog;
using SocialCommerce.Contracts.Events.Identity;
using SocialCommerce.Recommendation.Models;
using SocialCommerce.Recommendation.Serving;
using static SocialCommerce.Recommendation.Tests.ModelTests;

namespace SocialCommerce.Recommendation.Tests;

/// <summary>The `train` command on real PostgreSQL: who gets taste candidates, which products never do, and the run it records.</summary>
public sealed class TasteTrainingTests
{
    private RecommendationDatabase db = null!;

    [SetUp]
    public async Task CreateDatabase() => db = await RecommendationDatabase.CreateAsync();

    [TearDown]
    public async Task Dispose() => await db.DisposeAsync();

    [Test]
    public async Task Train_ConsentingShopper_GetsListedUnboughtProducts_OthersNothing_RunRecorded()
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

        var written = await db.Taste.RunAsync(new AlsSettings(Factors: 4, Iterations: 4));

        await using var connection = await db.DataSource.OpenConnectionAsync();
        var candidates = (await connection.QueryAsync<(Guid UserId, Guid ProductId)>("SELECT user_id, product_id FROM taste_candidates")).ToList();
        var run = await connection.QuerySingleAsync<(int Signals, double Seconds)>("SELECT signals, seconds FROM model_runs WHERE model = 'taste'");
        Assert.Multiple(() =>
        {
            Assert.That(written, Is.EqualTo(1));
            Assert.That(candidates, Is.EqualTo(new[] { (me, c) }), "only c is listed and not bought by me; nobody else consented");
            Assert.That(run.Signals, Is.EqualTo(5 * 4 + 2 + 1));
            Assert.That(run.Seconds, Is.Positive);
        });

        await db.Models.RunOnceAsync(now);
        var items = await db.ForYou.BlendAsync(me, CancellationToken.None);
        Assert.That(items.Single(item => item.ProductId == c).Reason, Is.EqualTo(Reasons.SimilarToPurchase));
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
        await db.Taste.RunAsync(new AlsSettings(Factors: 4, Iterations: 2));
        Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM taste_candidates WHERE user_id = @me", new { me }), Is.EqualTo(1));

        await db.DeliverAsync(new ConsentsChanged(me, false, false, false, now.AddSeconds(1)));
        await db.Taste.RunAsync(new AlsSettings(Factors: 4, Iterations: 2));

        Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM taste_candidates WHERE user_id = @me", new { me }), Is.Zero);
    }
}
