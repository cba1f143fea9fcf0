using System.Diagnostics;
using SocialCommerce.Recommendation.Ingest;
using SocialCommerce.Recommendation.Models;
using SocialCommerce.Recommendation.Serving;

namespace SocialCommerce.Recommendation.Evaluation;

/// <summary>What one evaluation found: each model's and the blend's scores next to the popularity baseline's.</summary>
public sealed record EvaluationReport(
    DateTimeOffset At, ShopShape DataSet, int TrainingSignals, int TestUsers, int HeldOutPurchases, AlsSettings Als,
    double AlsTrainingSeconds, double SecondsInAll, long PeakMemoryMiB, IReadOnlyList<ModelScore> Models)
{
    public ModelScore Model(string name) => Models.Single(model => model.Model == name);
}

/// <summary>
/// The offline evaluation (docs/recommendation.md): a time split holds out the last <see cref="HeldOutDays"/> days, so every
/// user's latest signals are unseen; the models learn from the rest exactly as the model job and <see cref="ForYou"/> would
/// at the split, and each tries to rank, among products the user has not touched, the ones they bought after it.
/// </summary>
public static class OfflineEvaluation
{
    public const int K = 20;
    public const int HeldOutDays = 14;
    public const int MaxTestUsers = 5_000;

    public static EvaluationReport Run(ShopData shop, AlsSettings als, TimeProvider clock, Action<string>? progress = null)
    {
        var watch = Stopwatch.StartNew();
        var split = shop.End - TimeSpan.FromDays(HeldOutDays);
        var training = shop.Signals.Where(signal => signal.At < split).ToList();
        var products = shop.Shape.Products;
        var touched = new HashSet<(int User, int Product)>(training.Select(signal => (signal.User, signal.Product)));
        var heldOut = shop.Signals
            .Where(signal => signal.At >= split && signal.Kind == Signals.Purchase && !touched.Contains((signal.User, signal.Product)))
            .GroupBy(signal => signal.User).ToDictionary(group => group.Key, group => (IReadOnlySet<int>)group.Select(s => s.Product).ToHashSet());
        var testUsers = heldOut.Keys.Order().ToArray();
        new Random(shop.Shape.Seed).Shuffle(testUsers);
        testUsers = testUsers.Take(MaxTestUsers).ToArray();
        progress?.Invoke($"{training.Count:N0} training signals, {testUsers.Length:N0} test users, split at {split:yyyy-MM-dd}");

        var sources = new EvaluatedSources(shop, training, split);
        var alsWatch = Stopwatch.StartNew();
        var taste = ImplicitAls.Train(sources.TasteMatrix(), als);
        alsWatch.Stop();
        progress?.Invoke($"ALS trained in {alsWatch.Elapsed.TotalSeconds:0.0} s");

        var models = new[] { "popularity", "trending", "co-occurrence", "als", "co-occurrence+als", "friends-bought", "blend" }
            .ToDictionary(name => name, _ => new RankingMetrics(K, products));
        var trainingProducts = training.GroupBy(signal => signal.User).ToDictionary(group => group.Key, group => group.Select(s => s.Product).ToHashSet());
        var lists = new (string Model, List<int> Ranked)[testUsers.Length][];
        Parallel.For(0, testUsers.Length, index =>
        {
            var user = testUsers[index];
            var seen = trainingProducts.GetValueOrDefault(user) ?? [];
            var similar = sources.SimilarToChoices(user);
            var alsTop = taste.Top(user, K * 2, seen.Contains).Select(pair => new Scored(pair.Product, pair.Score)).ToList();
            var friends = sources.FriendsBought(user);
            lists[index] =
            [
                ("popularity", Unseen(sources.Popular, seen)),
                ("trending", Unseen(sources.Trending, seen)),
                ("co-occurrence", Unseen(similar, seen)),
                ("als", Unseen(alsTop, seen)),
                ("co-occurrence+als", Unseen(Mixed(similar, alsTop), seen)),
                ("friends-bought", Unseen(friends, seen)),
                ("blend", Blend(friends, similar, alsTop, sources.Trending, sources.Popular, seen)),
            ];
        });
        for (var index = 0; index < testUsers.Length; index++)
        {
            foreach (var (model, ranked) in lists[index]) models[model].Add(ranked, heldOut[testUsers[index]]);
        }

        return new EvaluationReport(
            clock.GetUtcNow(), shop.Shape, training.Count, testUsers.Length, testUsers.Sum(user => heldOut[user].Count), als,
            Math.Round(alsWatch.Elapsed.TotalSeconds, 1), Math.Round(watch.Elapsed.TotalSeconds, 1),
            Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024), models.Select(pair => pair.Value.Score(pair.Key)).ToList());
    }

    /// <summary>
    /// The for-you policy of <see cref="ForYou"/>: friends-bought, then products like the user's own choices (co-occurrence
    /// and taste together), then trending, then popular, each source in its own band and a product only once.
    /// </summary>
    public static List<int> Blend(
        IReadOnlyList<Scored> friends, IReadOnlyList<Scored> similar, IReadOnlyList<Scored> taste,
        IReadOnlyList<Scored> trending, IReadOnlyList<Scored> popular, IReadOnlySet<int> seen)
    {
        var ranked = new List<int>(K);
        var taken = new HashSet<int>(seen);
        foreach (var source in new[] { friends.Where(scored => !seen.Contains(scored.Product)).Take(ForYou.FriendsBoughtLimit).ToList(), Mixed(similar, taste), trending, popular })
        {
            foreach (var scored in source.OrderByDescending(scored => scored.Score).ThenBy(scored => scored.Product))
            {
                if (ranked.Count == K) return ranked;
                if (taken.Add(scored.Product)) ranked.Add(scored.Product);
            }
        }

        return ranked;
    }

    private static List<Scored> Mixed(IReadOnlyList<Scored> similar, IReadOnlyList<Scored> taste) =>
        ForYou.Mix(similar, taste, scored => scored.Product, scored => scored.Score, (scored, score) => scored with { Score = score })
            .OrderByDescending(scored => scored.Score).ThenBy(scored => scored.Product).ToList();

    private static List<int> Unseen(IEnumerable<Scored> ranked, IReadOnlySet<int> seen) =>
        ranked.Where(scored => !seen.Contains(scored.Product)).Take(K).Select(scored => scored.Product).ToList();
}

/// <summary>A product index and how strongly a source recommends it.</summary>
public readonly record struct Scored(int Product, double Score);
