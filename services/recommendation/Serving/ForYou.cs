using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace SocialCommerce.Recommendation.Serving;

/// <summary>
/// The for-you blend (docs/recommendation.md): each source's scores are scaled to its best one and placed in its own band,
/// <c>floor + 0.25 · score / best</c>, so friends' purchases (0.75–1] lead, then products like the caller's own choices
/// (0.5–0.75], then trending (0.25–0.5] and popular [0–0.25] fill. Bands do not overlap: the order of the sources is the
/// blend's policy, and the score within a band says how strong the signal was. A product appears once, with its strongest
/// reason; nothing the caller bought is offered. Personal sources are used only with the caller's personalisedRecommendations
/// consent, checked on every request against this replica's copy. They are precomputed (<c>user_candidates</c>) and held in memory with everything
/// else a page needs (<see cref="PersonalCandidates"/>, <see cref="ProductCards"/>, <see cref="TrendingLists"/>), so a
/// page costs no database round trip (benchmark P6).
/// </summary>
public sealed class ForYou(PersonalCandidates personal, TrendingLists trending, ProductCards cards, IOptions<RecommendationOptions> options)
{
    /// <summary>The trending and popular bands of the latest trending list, banded once per list rather than per page.</summary>
    private BandedFill? bandedFill;

    // Its own cache, not the host's: only the inputs of first pages, each counting 1 towards the limit.
    private readonly MemoryCache kept = new(new MemoryCacheOptions { SizeLimit = options.Value.ForYouBlendsKept });

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
    /// The blend a page is cut from. A first page (no cursor) is always blended from the latest inputs, so a consent or a
    /// purchase shows as soon as the replica's copy has it. The pages after it, while younger than
    /// <c>Recommendation__ForYouPageSeconds</c>, are blended from the very inputs the first page was (the blend is a pure
    /// function of them), so scrolling is stable: nothing repeats or goes missing between pages. The inputs are kept
    /// rather than the blend because they are shared and small, while a kept blend is a few kilobytes that the garbage
    /// collector would have to promote and trace for every shopper scrolling (benchmark P6).
    /// </summary>
    public async Task<IReadOnlyList<RecommendedItem>> PagesAsync(Guid? userId, bool firstPage, CancellationToken cancellationToken)
    {
        var seconds = options.Value.ForYouPageSeconds;
        var keeping = userId is not null && seconds > 0;
        if (keeping && !firstPage && kept.TryGetValue(userId!.Value, out BlendInputs? earlier)) return Blend(earlier!);
        var inputs = await InputsAsync(userId, cancellationToken);
        if (keeping) kept.Set(userId!.Value, inputs, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(seconds), Size = 1 });
        return Blend(inputs);
    }

    public async Task<IReadOnlyList<RecommendedItem>> BlendAsync(Guid? userId, CancellationToken cancellationToken) =>
        Blend(await InputsAsync(userId, cancellationToken));

    /// <summary>Everything a blend is made of, all from memory: the shopper, the listed products' cards, the banded fill.</summary>
    private sealed record BlendInputs(Shopper Shopper, IReadOnlyDictionary<Guid, Candidate> Listed, List<RecommendedItem> Fill);

    private async Task<BlendInputs> InputsAsync(Guid? userId, CancellationToken cancellationToken) => new(
        userId is Guid me ? await personal.ForAsync(me, cancellationToken) : Shopper.Unknown,
        await cards.ListedAsync(cancellationToken),
        await FillAsync(cancellationToken));

    private static List<RecommendedItem> Blend(BlendInputs inputs)
    {
        var (shopper, listed, fill) = inputs;
        // Sized once: regrowing them would be garbage on a first page's hot path (benchmark P6).
        var personalCount = shopper.Personalised ? shopper.FriendsBought.Length + shopper.Similar.Length + shopper.SimilarSince.Length + shopper.Taste.Length : 0;
        var items = new List<RecommendedItem>(personalCount + fill.Count);
        var excluded = new HashSet<Guid>(shopper.Bought.Length + personalCount);
        excluded.UnionWith(shopper.Bought);
        if (shopper.Personalised)
        {
            AddBand(items, excluded, Listed(shopper.FriendsBought, listed), listed, Reasons.FriendsBought, FriendsBoughtFloor);
            // The nightly 'similar' list plus the similar items of choices made since: the same sum as over all choices.
            var similar = Listed(shopper.SimilarSince.Length == 0 ? shopper.Similar : shopper.Similar.Concat(shopper.SimilarSince)
                .GroupBy(row => row.ProductId).Select(group => new ProductScore(group.Key, group.Sum(row => row.Score))), listed);
            var mixed = Mix(similar, Listed(shopper.Taste, listed), product => product.ProductId, product => product.Score,
                (product, score) => product with { Score = score });
            AddBand(items, excluded, mixed, listed, Reasons.SimilarToPurchase, SimilarToPurchaseFloor);
        }

        // The fill holds each product once already: only what is bought or placed above is skipped.
        foreach (var item in fill)
        {
            if (!excluded.Contains(item.ProductId)) items.Add(item);
        }

        return items;
    }

    private async Task<List<RecommendedItem>> FillAsync(CancellationToken cancellationToken)
    {
        var list = await trending.ForAsync(null, cancellationToken);
        var kept = Volatile.Read(ref bandedFill);
        if (kept is not null && ReferenceEquals(kept.List, list)) return kept.Items;
        var banded = new List<RecommendedItem>();
        var none = new HashSet<Guid>();
        var listCards = list.ToDictionary(entry => entry.Item1.ProductId, entry => entry.Item1);
        foreach (var (reason, floor) in new[] { (Reasons.Trending, TrendingFloor), (Reasons.Popular, PopularFloor) })
        {
            var band = list.Where(entry => entry.Item2 == reason).Select(entry => new ProductScore(entry.Item1.ProductId, entry.Item1.Score)).ToList();
            AddBand(banded, none, band, listCards, reason, floor);
        }

        Volatile.Write(ref bandedFill, new BandedFill(list, banded));
        return banded;
    }

    /// <summary>The listed ones of the given products, in the order given.</summary>
    private static List<ProductScore> Listed(IEnumerable<ProductScore> products, IReadOnlyDictionary<Guid, Candidate> listed)
    {
        var found = new List<ProductScore>(products.TryGetNonEnumeratedCount(out var count) ? count : 0);
        foreach (var product in products)
        {
            if (listed.ContainsKey(product.ProductId)) found.Add(product);
        }

        return found;
    }

    private sealed record BandedFill(IReadOnlyList<(Candidate, string)> List, List<RecommendedItem> Items);

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

    /// <summary>
    /// Appends a source in its band (strongest first, ties by product id), skipping what is already there or excluded; bands
    /// never overlap, so the list stays sorted. Sorts <paramref name="source"/> in place: this is a first page's hot path.
    /// </summary>
    public static void AddBand(
        List<RecommendedItem> items, HashSet<Guid> excluded, List<ProductScore> source, IReadOnlyDictionary<Guid, Candidate> cards, string reason, double floor)
    {
        var best = source.Count == 0 ? 0 : source.Max(product => product.Score);
        source.Sort(StrongestFirst);
        foreach (var product in source)
        {
            if (!excluded.Add(product.ProductId)) continue;
            items.Add(cards[product.ProductId].As(reason, floor + (best > 0 ? BandWidth * product.Score / best : 0)));
        }
    }

    private static readonly Comparison<ProductScore> StrongestFirst = (a, b) =>
        a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.ProductId.CompareTo(b.ProductId);
}
