using Dapper;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.Recommendation.Ingest;
using SocialCommerce.Recommendation.Models;

namespace SocialCommerce.Recommendation.Serving;

/// <summary>
/// The for-you blend (docs/recommendation.md): each source's scores are scaled to its best one and placed in its own band,
/// <c>floor + 0.25 · score / best</c>, so friends' purchases (0.75–1] lead, then products like the caller's own choices
/// (0.5–0.75], then trending (0.25–0.5] and popular [0–0.25] fill. Bands do not overlap: the order of the sources is the
/// blend's policy, and the score within a band says how strong the signal was. A product appears once, with its strongest
/// reason; nothing the caller bought is offered. Personal sources are used only with the caller's personalisedRecommendations
/// consent, looked up on every request. They are precomputed (<c>user_candidates</c>), so a page costs one round trip and
/// the in-memory trending list (benchmark P6).
/// </summary>
public sealed class ForYou(NpgsqlDataSource dataSource, TrendingLists trending, ProductCards cards, IOptions<RecommendationOptions> options)
{
    // Its own cache, not the host's: only blends, each counting 1 towards the limit.
    private readonly MemoryCache blends = new(new MemoryCacheOptions { SizeLimit = options.Value.ForYouBlendsKept });

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

    /// <summary>
    /// The blend a page is cut from. A first page (no cursor) is always blended anew, so a consent or a purchase shows at
    /// once; the pages after it come from the blend the first was cut from while it is younger than
    /// <c>Recommendation__ForYouPageSeconds</c>, so scrolling is stable (nothing repeats or goes missing between pages)
    /// and costs no query.
    /// </summary>
    public async Task<IReadOnlyList<RecommendedItem>> PagesAsync(Guid? userId, bool firstPage, CancellationToken cancellationToken)
    {
        var seconds = options.Value.ForYouPageSeconds;
        if (userId is not Guid me || seconds == 0) return await BlendAsync(userId, cancellationToken);
        if (!firstPage && blends.TryGetValue(("for-you", me), out IReadOnlyList<RecommendedItem>? kept)) return kept!;
        var blend = await BlendAsync(me, cancellationToken);
        blends.Set(("for-you", me), blend, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(seconds), Size = 1 });
        return blend;
    }

    public async Task<IReadOnlyList<RecommendedItem>> BlendAsync(Guid? userId, CancellationToken cancellationToken)
    {
        var items = new List<RecommendedItem>();
        var excluded = new HashSet<Guid>();
        if (userId is Guid me)
        {
            var personal = await PersonalAsync(me, cancellationToken);
            excluded.UnionWith(personal.Bought);
            if (personal.Personalised)
            {
                var friends = await cards.ListedAsync(personal.Of(UserCandidates.FriendsBought), cancellationToken);
                AddBand(items, excluded, friends, Reasons.FriendsBought, FriendsBoughtFloor);
                // The nightly 'similar' list plus the similar items of choices made since: the same sum as over all choices.
                var similar = await cards.ListedAsync(personal.Of(UserCandidates.Similar).Concat(personal.SimilarSince)
                    .GroupBy(row => row.ProductId).Select(group => (group.Key, group.Sum(row => row.Score))), cancellationToken);
                var taste = await cards.ListedAsync(personal.Of(UserCandidates.Taste), cancellationToken);
                var mixed = Mix(similar, taste, candidate => candidate.ProductId, candidate => candidate.Score, (candidate, score) => candidate with { Score = score });
                AddBand(items, excluded, mixed, Reasons.SimilarToPurchase, SimilarToPurchaseFloor);
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

    private sealed record PersonalRows(
        bool Personalised, IReadOnlyList<Guid> Bought, IReadOnlyList<CandidateRow> Candidates, IReadOnlyList<(Guid ProductId, double Score)> SimilarSince)
    {
        public IEnumerable<(Guid ProductId, double Score)> Of(string source) =>
            Candidates.Where(row => row.Source == source).Select(row => (row.ProductId, row.Score));
    }

    /// <summary>
    /// Everything personal in one round trip: the consent, what the caller bought, their precomputed candidates (friends
    /// bought by the model job; similar and taste by the nightly job), and the similar items of choices made since the
    /// nightly run started (all of them when it never ran). Cards and listings come from memory (<see cref="ProductCards"/>).
    /// </summary>
    private async Task<PersonalRows> PersonalAsync(Guid me, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(
            """
            SELECT coalesce((SELECT personalised_recommendations FROM consents WHERE user_id = @me), false);
            SELECT DISTINCT product_id FROM interactions WHERE user_id = @me AND kind = 'purchase';
            SELECT source, product_id, score FROM user_candidates WHERE user_id = @me;
            SELECT s.similar_id, sum(s.score * i.weight) AS score
            FROM interactions i JOIN similar_items s ON s.product_id = i.product_id
            WHERE i.user_id = @me AND i.kind = ANY(@kinds) AND i.at > now() - @window
              AND i.at >= coalesce((SELECT finished_at - make_interval(secs => seconds) FROM model_runs WHERE model = @Model), '-infinity')
            GROUP BY s.similar_id
            """,
            new { me, kinds = Signals.Choices, window = OwnChoicesWindow, NightlyCandidates.Model });
        var personalised = await results.ReadSingleAsync<bool>();
        var bought = (await results.ReadAsync<Guid>()).ToList();
        var candidates = (await results.ReadAsync<CandidateRow>()).ToList();
        var since = (await results.ReadAsync<(Guid, double)>()).ToList();
        return new PersonalRows(personalised, bought, candidates, since);
    }

    private sealed record CandidateRow(string Source, Guid ProductId, double Score);
}
