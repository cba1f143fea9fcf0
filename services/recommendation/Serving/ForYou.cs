using Dapper;
using Npgsql;
using SocialCommerce.Recommendation.Ingest;
using SocialCommerce.Recommendation.Models;

namespace SocialCommerce.Recommendation.Serving;

/// <summary>
/// The for-you blend (docs/recommendation.md): each source's scores are scaled to its best one and placed in its own band,
/// <c>floor + 0.25 · score / best</c>, so friends' purchases (0.75–1] lead, then products like the caller's own choices
/// (0.5–0.75], then trending (0.25–0.5] and popular [0–0.25] fill. Bands do not overlap: the order of the sources is the
/// blend's policy, and the score within a band says how strong the signal was. A product appears once, with its strongest reason; nothing the caller bought is offered.
/// Personal sources are read only with the caller's personalisedRecommendations consent, looked up on every request.
/// </summary>
public sealed class ForYou(NpgsqlDataSource dataSource, TrendingLists trending)
{
    public const double BandWidth = 0.25;
    public const double FriendsBoughtFloor = 0.75;
    public const double SimilarToPurchaseFloor = 0.5;
    public const double TrendingFloor = 0.25;
    public const double PopularFloor = 0;
    public const double TasteShare = 0.5;

    /// <summary>
    /// Friends' purchases lead the page but do not fill it: past a few, the offline evaluation finds them weaker than the
    /// caller's own tastes (docs/recommendation.md), so only the strongest few are shown.
    /// </summary>
    public const int FriendsBoughtLimit = 6;

    /// <summary>How far back the caller's own choices steer "similar to".</summary>
    public static readonly TimeSpan OwnChoicesWindow = TimeSpan.FromDays(90);

    public async Task<IReadOnlyList<RecommendedItem>> BlendAsync(Guid? userId, CancellationToken cancellationToken)
    {
        var items = new List<RecommendedItem>();
        var excluded = new HashSet<Guid>();
        if (userId is Guid me)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            excluded.UnionWith(await connection.QueryAsync<Guid>(
                "SELECT DISTINCT product_id FROM interactions WHERE user_id = @me AND kind = 'purchase'", new { me }));
            var personalised = await connection.ExecuteScalarAsync<bool?>(
                "SELECT personalised_recommendations FROM consents WHERE user_id = @me", new { me }) ?? false;
            if (personalised)
            {
                AddBand(items, excluded, await FriendsBoughtAsync(connection, me), Reasons.FriendsBought, FriendsBoughtFloor);
                var similar = Mix(await SimilarToChoicesAsync(connection, me), await TasteAsync(connection, me),
                    candidate => candidate.ProductId, candidate => candidate.Score, (candidate, score) => candidate with { Score = score });
                AddBand(items, excluded, similar, Reasons.SimilarToPurchase, SimilarToPurchaseFloor);
            }
        }

        var fill = await trending.ForAsync(null, cancellationToken);
        AddBand(items, excluded, fill.Where(c => c.Reason == Reasons.Trending).Select(c => c.Product).ToList(), Reasons.Trending, TrendingFloor);
        AddBand(items, excluded, fill.Where(c => c.Reason == Reasons.Popular).Select(c => c.Product).ToList(), Reasons.Popular, PopularFloor);
        return items;
    }

    /// <summary>
    /// Co-occurrence ("chosen together with what you chose") and taste (ALS: "liked by people who like what you like") share
    /// the similar-to-purchase band: each scaled to its best, then weighted, <c>(1 − TasteShare) · similar + TasteShare · taste</c>.
    /// The share is the one the offline evaluation chose (docs/recommendation.md).
    /// </summary>
    public static List<T> Mix<T, TKey>(
        IReadOnlyList<T> similar, IReadOnlyList<T> taste, Func<T, TKey> key, Func<T, double> score, Func<T, double, T> rescored)
        where TKey : notnull
    {
        var mixed = new Dictionary<TKey, (T Item, double Score)>();
        foreach (var (source, share) in new[] { (similar, 1 - TasteShare), (taste, TasteShare) })
        {
            var best = source.Count == 0 ? 0 : source.Max(score);
            if (best <= 0) continue;
            foreach (var item in source)
            {
                var part = share * Math.Max(0, score(item)) / best;
                mixed[key(item)] = mixed.TryGetValue(key(item), out var earlier) ? (earlier.Item, earlier.Score + part) : (item, part);
            }
        }

        return mixed.Values.Select(entry => rescored(entry.Item, entry.Score)).ToList();
    }

    /// <summary>Appends a source in its band, skipping what is already there or excluded; bands never overlap, so the list stays sorted.</summary>
    public static void AddBand(List<RecommendedItem> items, HashSet<Guid> excluded, IReadOnlyList<Candidate> source, string reason, double floor)
    {
        var best = source.Count == 0 ? 0 : source.Max(candidate => candidate.Score);
        foreach (var candidate in source.OrderByDescending(candidate => candidate.Score).ThenBy(candidate => candidate.ProductId))
        {
            if (!excluded.Add(candidate.ProductId)) continue;
            items.Add(candidate.As(reason, floor + (best > 0 ? BandWidth * candidate.Score / best : 0)));
        }
    }

    // What people the caller follows bought, only those whose social-proof consent is on; more recent and more friends count more.
    private static async Task<IReadOnlyList<Candidate>> FriendsBoughtAsync(NpgsqlConnection connection, Guid me) =>
        (await connection.QueryAsync<Candidate>(
            """
            SELECT p.id AS product_id, p.title, p.min_price, p.currency,
                   sum(i.weight * power(2, -extract(epoch FROM now() - i.at) / @halfLife)) AS score
            FROM follows f
            JOIN consents c ON c.user_id = f.target_id AND c.social_proof
            JOIN interactions i ON i.user_id = f.target_id AND i.kind = 'purchase'
            JOIN products p ON p.id = i.product_id AND p.listed
            WHERE f.follower_id = @me
            GROUP BY p.id ORDER BY score DESC, p.id LIMIT @FriendsBoughtLimit
            """,
            new { me, halfLife = ModelJob.SimilarHalfLife.TotalSeconds, FriendsBoughtLimit })).ToList();

    // The offline train command's best products for the caller by taste (ALS), as it left them.
    private static async Task<IReadOnlyList<Candidate>> TasteAsync(NpgsqlConnection connection, Guid me) =>
        (await connection.QueryAsync<Candidate>(
            """
            SELECT p.id AS product_id, p.title, p.min_price, p.currency, t.score
            FROM taste_candidates t JOIN products p ON p.id = t.product_id AND p.listed
            WHERE t.user_id = @me
            """,
            new { me })).ToList();

    // Products similar to what the caller bought, liked or favourited lately, weighted by how strongly they chose it.
    private static async Task<IReadOnlyList<Candidate>> SimilarToChoicesAsync(NpgsqlConnection connection, Guid me) =>
        (await connection.QueryAsync<Candidate>(
            """
            SELECT p.id AS product_id, p.title, p.min_price, p.currency, sum(s.score * i.weight) AS score
            FROM interactions i
            JOIN similar_items s ON s.product_id = i.product_id
            JOIN products p ON p.id = s.similar_id AND p.listed
            WHERE i.user_id = @me AND i.kind = ANY(@kinds) AND i.at > now() - @window
            GROUP BY p.id ORDER BY score DESC LIMIT @Length
            """,
            new { me, kinds = Signals.Choices, window = OwnChoicesWindow, TrendingLists.Length })).ToList();
}
