using SocialCommerce.Recommendation.Ingest;

namespace SocialCommerce.Recommendation.Evaluation;

/// <summary>The size and seed of a generated data set; the defaults are benchmark P6's (docs/benchmarks.md).</summary>
public sealed record ShopShape(int Users = 50_000, int Products = 20_000, int Interactions = 1_000_000, int Seed = 11, int Days = 120)
{
    public int Categories => Math.Max(1, Products / 400);
    public int Clusters => Math.Max(1, Users / 500);
}

/// <summary>One generated signal: indexes instead of ids, so models and metrics work on arrays.</summary>
public readonly record struct Signal(int User, int Product, string Kind, float Weight, DateTimeOffset At);

/// <summary>A generated shop: its signals in time order, who follows whom, who shares purchases, and each product's category.</summary>
public sealed record ShopData(ShopShape Shape, IReadOnlyList<Signal> Signals, int[][] Follows, bool[] SocialProof, int[] CategoryOf, DateTimeOffset End);

/// <summary>
/// A deterministic shop with structure a recommender can find and a popularity ranking cannot: every user belongs to one of
/// many taste clusters (each favouring a few hundred products of three categories, some more than others); each signal is
/// drawn from the user's cluster (55 %), copied from what someone they follow bought lately (15 %, a social tie), or from
/// the shop-wide best sellers (30 %). Follows stay mostly within a cluster, as friends share tastes. Everything comes
/// from one seeded generator, so a seed always gives the same shop; the generator is the data set (nothing is checked in).
/// </summary>
public static class SyntheticShop
{
    private const int ProductsPerCluster = 300;
    private const int FollowsPerUser = 8;

    public static ShopData Generate(ShopShape shape)
    {
        // A cluster draws its 300 favourites from categories of at least 400 products; every user needs a signal and someone to follow.
        if (shape.Users < 2 || shape.Products < 400 || shape.Interactions < shape.Users || shape.Days < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(shape), shape,
                "A generated shop needs at least 2 users, 400 products, as many interactions as users and 1 day.");
        }

        var random = new Random(shape.Seed);
        var end = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var start = end - TimeSpan.FromDays(shape.Days);
        var categoryOf = Enumerable.Range(0, shape.Products).Select(product => product % shape.Categories).ToArray();
        var byCategory = Enumerable.Range(0, shape.Categories)
            .Select(category => Enumerable.Range(0, shape.Products).Where(product => categoryOf[product] == category).ToArray()).ToArray();

        // A cluster's favourites: products of three categories, ranked so a few are much more liked than the rest.
        var favourites = new int[shape.Clusters][];
        for (var cluster = 0; cluster < shape.Clusters; cluster++)
        {
            var pool = Enumerable.Range(0, 3).SelectMany(_ => byCategory[random.Next(shape.Categories)]).Distinct().ToArray();
            random.Shuffle(pool);
            favourites[cluster] = pool.Take(ProductsPerCluster).ToArray();
        }

        var bestSellers = Enumerable.Range(0, shape.Products).ToArray();
        random.Shuffle(bestSellers);
        var clusterOf = Enumerable.Range(0, shape.Users).Select(_ => random.Next(shape.Clusters)).ToArray();
        var members = Enumerable.Range(0, shape.Clusters).Select(cluster => new List<int>()).ToArray();
        for (var user = 0; user < shape.Users; user++) members[clusterOf[user]].Add(user);
        var follows = new int[shape.Users][];
        for (var user = 0; user < shape.Users; user++)
        {
            var circle = members[clusterOf[user]];
            follows[user] = Enumerable.Range(0, FollowsPerUser)
                .Select(_ => random.NextDouble() < 0.8 ? circle[random.Next(circle.Count)] : random.Next(shape.Users))
                .Where(other => other != user).Distinct().ToArray();
        }

        var socialProof = Enumerable.Range(0, shape.Users).Select(_ => random.NextDouble() < 0.7).ToArray();

        // Users are not equally active: a long tail of people with a few signals and a few with many.
        var activity = Enumerable.Range(0, shape.Users).Select(_ => -Math.Log(1 - random.NextDouble())).ToArray();
        var scale = shape.Interactions / activity.Sum();
        var moments = new List<(long Ticks, int User)>(shape.Interactions + shape.Users);
        for (var user = 0; user < shape.Users; user++)
        {
            var count = Math.Max(1, (int)Math.Round(activity[user] * scale));
            for (var n = 0; n < count; n++) moments.Add((start.Ticks + (long)(random.NextDouble() * (end - start).Ticks), user));
        }

        moments.Sort();
        var recentPurchases = Enumerable.Range(0, shape.Users).Select(_ => new List<int>()).ToArray();
        var signals = new List<Signal>(moments.Count);
        foreach (var (ticks, user) in moments)
        {
            var draw = random.NextDouble();
            int product;
            var friend = follows[user].Length == 0 ? -1 : follows[user][random.Next(follows[user].Length)];
            if (draw < 0.15 && friend >= 0 && recentPurchases[friend].Count > 0)
                product = recentPurchases[friend][random.Next(recentPurchases[friend].Count)];
            else if (draw < 0.70)
                product = favourites[clusterOf[user]][Skewed(random, ProductsPerCluster)];
            else
                product = bestSellers[Skewed(random, shape.Products)];

            var (kind, weight) = random.NextDouble() switch
            {
                < 0.45 => (Signals.View, Signals.ViewWeight),
                < 0.60 => (Signals.Like, Signals.LikeWeight),
                < 0.70 => (Signals.Favourite, Signals.FavouriteWeight),
                _ => (Signals.Purchase, Signals.PurchaseWeight),
            };
            signals.Add(new Signal(user, product, kind, weight, new DateTimeOffset(ticks, TimeSpan.Zero)));
            if (kind == Signals.Purchase)
            {
                var recent = recentPurchases[user];
                if (recent.Count == 5) recent.RemoveAt(0);
                recent.Add(product);
            }
        }

        return new ShopData(shape, signals, follows, socialProof, categoryOf, end);
    }

    /// <summary>An index in [0, n) where small ones are far likelier (Zipf-like, exponent 1): a few products sell most.</summary>
    private static int Skewed(Random random, int n) => Math.Min(n - 1, (int)Math.Floor(Math.Exp(random.NextDouble() * Math.Log(n + 1)) - 1));
}
