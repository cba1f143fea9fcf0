using SocialCommerce.Recommendation.Models;

namespace SocialCommerce.Recommendation.Tests;

/// <summary>The sparse matrix, the solver and implicit ALS on planted structure small enough to reason about.</summary>
public sealed class AlsTests
{
    [Test]
    public void FromEntries_SameCellTwice_AddsUp_TransposeSwapsRowsAndColumns()
    {
        var matrix = FeedbackMatrix.FromEntries(2, 3, [(0, 2, 1f), (1, 0, 0.5f), (0, 2, 0.25f), (0, 1, 2f)]);
        var transposed = matrix.Transpose();
        Assert.Multiple(() =>
        {
            Assert.That(matrix.NonZeros, Is.EqualTo(3));
            Assert.That(matrix.ColumnsOf(0).ToArray(), Is.EqualTo(new[] { 1, 2 }));
            Assert.That(matrix.ValuesOf(0).ToArray(), Is.EqualTo(new[] { 2f, 1.25f }));
            Assert.That(transposed.RowCount, Is.EqualTo(3));
            Assert.That(transposed.ColumnsOf(2).ToArray(), Is.EqualTo(new[] { 0 }));
            Assert.That(transposed.ValuesOf(0).ToArray(), Is.EqualTo(new[] { 0.5f }));
        });
    }

    [Test]
    public void FromEntries_CellOutsideTheMatrix_Throws() =>
        Assert.That(() => FeedbackMatrix.FromEntries(2, 2, [(0, 2, 1f)]), Throws.InstanceOf<ArgumentOutOfRangeException>());

    [Test]
    public void CholeskySolve_SymmetricPositiveDefinite_SolvesTheSystem()
    {
        // A = [[4, 2, 0], [2, 5, 1], [0, 1, 3]] (lower triangle given), x = [1, -2, 3] → b = A·x.
        double[] a = [4, 0, 0, 2, 5, 0, 0, 1, 3];
        double[] b = [4 * 1 + 2 * -2, 2 * 1 + 5 * -2 + 1 * 3, 1 * -2 + 3 * 3];
        ImplicitAls.CholeskySolve(a, b, 3);
        Assert.That(b, Is.EqualTo(new[] { 1.0, -2.0, 3.0 }).Within(1e-9));
    }

    /// <summary>Two groups of 20 users, each choosing among its own 6 products; every user leaves one of their group's out.</summary>
    private static FeedbackMatrix TwoTastes() => FeedbackMatrix.FromEntries(40, 12,
        from user in Enumerable.Range(0, 40)
        let taste = user / 20
        from product in Enumerable.Range(taste * 6, 6)
        where product != taste * 6 + user % 6
        select (user, product, 1f));

    [Test]
    public void Train_TwoTasteGroups_UnseenProductOfOwnGroupRanksFirst()
    {
        var matrix = TwoTastes();
        var model = ImplicitAls.Train(matrix, new AlsSettings(Factors: 4, Iterations: 8));
        foreach (var user in new[] { 0, 7, 25, 39 })
        {
            var seen = matrix.ColumnsOf(user).ToArray();
            var top = model.Top(user, 1, seen.Contains);
            Assert.That(top.Single().Product, Is.EqualTo(user / 20 * 6 + user % 6), $"user {user}'s missing product of their group");
        }
    }

    [Test]
    public void Train_SameSeedTwice_SameScores_OtherSeedDiffers()
    {
        var matrix = TwoTastes();
        var first = ImplicitAls.Train(matrix, new AlsSettings(Factors: 4, Iterations: 3, Seed: 5));
        var second = ImplicitAls.Train(matrix, new AlsSettings(Factors: 4, Iterations: 3, Seed: 5));
        var other = ImplicitAls.Train(matrix, new AlsSettings(Factors: 4, Iterations: 3, Seed: 6));
        var scores = (AlsModel model) => Enumerable.Range(0, 40).SelectMany(user => Enumerable.Range(0, 12).Select(product => model.Score(user, product))).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(scores(second), Is.EqualTo(scores(first)));
            Assert.That(scores(other), Is.Not.EqualTo(scores(first)));
        });
    }

    [Test]
    public void Top_SkipsWhatItIsTold_BestFirst()
    {
        var model = ImplicitAls.Train(TwoTastes(), new AlsSettings(Factors: 4, Iterations: 3));
        var top = model.Top(0, 5, product => product % 2 == 0);
        Assert.Multiple(() =>
        {
            Assert.That(top, Has.Count.EqualTo(5));
            Assert.That(top.Select(pair => pair.Product), Is.All.Matches<int>(product => product % 2 == 1));
            Assert.That(top.Select(pair => pair.Score), Is.Ordered.Descending);
        });
    }
}
