using SocialCommerce.Recommendation.Evaluation;
using SocialCommerce.Recommendation.Ingest;
using SocialCommerce.Recommendation.Models;

namespace SocialCommerce.Recommendation.Tests;

/// <summary>The generated shop, the metrics on hand-worked cases, and the offline evaluation on a small shop.</summary>
public sealed class EvaluationTests
{
    private static readonly ShopShape Small = new(Users: 10_000, Products: 5_000, Interactions: 200_000, Seed: 3);

    [Test]
    public void Generate_SameSeed_SameShop_OtherSeedAnother()
    {
        var shape = new ShopShape(Users: 500, Products: 400, Interactions: 5_000);
        var first = SyntheticShop.Generate(shape);
        var again = SyntheticShop.Generate(shape);
        var other = SyntheticShop.Generate(shape with { Seed = 12 });
        Assert.Multiple(() =>
        {
            Assert.That(again.Signals, Is.EqualTo(first.Signals));
            Assert.That(again.Follows.SelectMany(f => f), Is.EqualTo(first.Follows.SelectMany(f => f)));
            Assert.That(other.Signals, Is.Not.EqualTo(first.Signals));
        });
    }

    [Test]
    public void Generate_Shape_AboutTheAskedSignalsInTimeOrderOfEveryKind()
    {
        var shop = SyntheticShop.Generate(new ShopShape(Users: 2_000, Products: 800, Interactions: 40_000));
        Assert.Multiple(() =>
        {
            Assert.That(shop.Signals.Count, Is.InRange(38_000, 44_000));
            Assert.That(shop.Signals.Select(signal => signal.At), Is.Ordered);
            Assert.That(shop.Signals.Select(signal => signal.Kind).Distinct(), Is.EquivalentTo(new[] { Signals.Purchase, Signals.Like, Signals.Favourite, Signals.View }));
            Assert.That(shop.Signals.Max(signal => signal.Product), Is.LessThan(800));
            Assert.That(shop.Follows.Average(follows => follows.Length), Is.InRange(6, 8));
        });
    }

    [TestCase(1, 400, 100)]
    [TestCase(100, 399, 100)]
    [TestCase(100, 400, 99)]
    public void Generate_TooSmallAShape_RefusedWithTheReason(int users, int products, int interactions) =>
        Assert.That(() => SyntheticShop.Generate(new ShopShape(users, products, interactions)),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("at least 2 users, 400 products"));

    [Test]
    public void RankingMetrics_HandWorkedLists_RecallNdcgAndCoverage()
    {
        var metrics = new RankingMetrics(k: 3, catalogueSize: 10);
        metrics.Add([1, 2, 3], new HashSet<int> { 2 });          // hit at rank 2: recall 1, NDCG 1/log2(3)
        metrics.Add([4, 5, 6], new HashSet<int> { 4, 9 });       // one of two at rank 1: recall 1/2, NDCG 1/(1 + 1/log2(3))
        metrics.Add([7, 8], new HashSet<int>());                 // nothing held out: not counted
        var score = metrics.Score("m");
        var ndcg = (1 / Math.Log2(3) + 1 / (1 + 1 / Math.Log2(3))) / 2;
        Assert.Multiple(() =>
        {
            Assert.That(score.RecallAt20, Is.EqualTo(0.75));
            Assert.That(score.NdcgAt20, Is.EqualTo(Math.Round(ndcg, 4)));
            Assert.That(score.Coverage, Is.EqualTo(0.6), "products 1–6 of 10 were recommended");
        });
    }

    [Test]
    public void Run_SmallShop_AlsAtLeastTwicePopularity_BlendAbovePopularity()
    {
        var shop = SyntheticShop.Generate(Small);
        var report = OfflineEvaluation.Run(shop, new AlsSettings(), TimeProvider.System, TestContext.Out.WriteLine);
        EvaluationCommand.Print(report, shop.Signals.Count);
        var baseline = report.Model("popularity");
        Assert.Multiple(() =>
        {
            Assert.That(report.TestUsers, Is.GreaterThan(500));
            Assert.That(baseline.RecallAt20, Is.GreaterThan(0), "the baseline finds something: the data set has best sellers");
            Assert.That(report.Model("als").RecallAt20, Is.GreaterThanOrEqualTo(2 * baseline.RecallAt20));
            Assert.That(report.Model("blend").RecallAt20, Is.GreaterThanOrEqualTo(2 * baseline.RecallAt20));
            Assert.That(report.Model("blend").NdcgAt20, Is.GreaterThan(baseline.NdcgAt20));
            Assert.That(report.Model("blend").Coverage, Is.GreaterThan(baseline.Coverage));
        });
    }
}
