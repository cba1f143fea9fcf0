using SocialCommerce.Recommendation.Ingest;
using SocialCommerce.Recommendation.Models;
using SocialCommerce.Recommendation.Serving;

namespace SocialCommerce.Recommendation.Evaluation;

/// <summary>
/// The blend's sources learnt from the training signals as they would be at the split: the arithmetic of the model job
/// (trending, similar items) and of <see cref="ForYou"/>'s queries (similar to one's choices, friends bought), on indexes.
/// </summary>
public sealed class EvaluatedSources
{
    private const int ListLength = 1_000;
    private readonly ShopData shop;
    private readonly DateTimeOffset split;
    private readonly Dictionary<int, Signal[]> byUser;
    private readonly (int Product, double Score)[][] similar;

    public EvaluatedSources(ShopData shop, IReadOnlyList<Signal> training, DateTimeOffset split)
    {
        this.shop = shop;
        this.split = split;
        byUser = training.GroupBy(signal => signal.User).ToDictionary(group => group.Key, group => group.ToArray());
        Popular = Ranked(training.GroupBy(signal => signal.Product).Select(group => new Scored(group.Key, group.Sum(signal => (double)signal.Weight))));
        Trending = Ranked(training.Where(signal => signal.At > split - ModelJob.TrendingWindow).GroupBy(signal => signal.Product)
            .Select(group => new Scored(group.Key, group.Sum(signal => Decayed(signal, ModelJob.TrendingHalfLife)))));
        var choices = FeedbackMatrix.FromEntries(shop.Shape.Users, shop.Shape.Products, training
            .Where(signal => Signals.Choices.Contains(signal.Kind))
            .GroupBy(signal => (signal.User, signal.Product))
            .Select(group => (group.Key.User, group.Key.Product, (float)group.Max(signal => Decayed(signal, ModelJob.SimilarHalfLife)))));
        similar = CoOccurrence.Similar(choices, ModelJob.SimilarPerProduct, _ => true);
        TrainingSignals = training;
    }

    public IReadOnlyList<Signal> TrainingSignals { get; }

    /// <summary>All-time sum of weights: the popularity baseline, and the blend's cold-start fill.</summary>
    public IReadOnlyList<Scored> Popular { get; }

    public IReadOnlyList<Scored> Trending { get; }

    /// <summary>The product's similar items, best first, as the model job's <c>similar_items</c> would hold them.</summary>
    public IReadOnlyList<(int Product, double Score)> SimilarTo(int product) => similar[product];

    /// <summary>What ALS learns from: every signal, decayed as tastes are (<see cref="ModelJob.SimilarHalfLife"/>).</summary>
    public FeedbackMatrix TasteMatrix() => FeedbackMatrix.FromEntries(shop.Shape.Users, shop.Shape.Products,
        TrainingSignals.Select(signal => (signal.User, signal.Product, (float)Decayed(signal, ModelJob.SimilarHalfLife))));

    /// <summary>Products similar to what the user chose in the last 90 days, each choice weighing its similar items.</summary>
    public IReadOnlyList<Scored> SimilarToChoices(int user) => Ranked(Own(user)
        .Where(signal => Signals.Choices.Contains(signal.Kind) && signal.At > split - ForYou.OwnChoicesWindow)
        .SelectMany(signal => similar[signal.Product].Select(pair => new Scored(pair.Product, pair.Score * signal.Weight)))
        .GroupBy(scored => scored.Product).Select(group => new Scored(group.Key, group.Sum(scored => scored.Score))));

    /// <summary>What the people the user follows bought, only those who consent to social proof, recent ones counting more.</summary>
    public IReadOnlyList<Scored> FriendsBought(int user) => Ranked(shop.Follows[user]
        .Where(friend => shop.SocialProof[friend])
        .SelectMany(friend => Own(friend).Where(signal => signal.Kind == Signals.Purchase))
        .GroupBy(signal => signal.Product).Select(group => new Scored(group.Key, group.Sum(signal => Decayed(signal, ModelJob.SimilarHalfLife)))));

    private Signal[] Own(int user) => byUser.GetValueOrDefault(user) ?? [];

    private double Decayed(Signal signal, TimeSpan halfLife) => ModelJob.Decayed(signal.Weight, split - signal.At, halfLife);

    private static List<Scored> Ranked(IEnumerable<Scored> scored) =>
        scored.OrderByDescending(item => item.Score).ThenBy(item => item.Product).Take(ListLength).ToList();
}
