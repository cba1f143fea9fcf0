using System.Collections.Concurrent;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace SocialCommerce.Recommendation.Serving;

/// <summary>
/// Trending products of all categories or one, read from the table the model job writes and filled up with "popular" ones
/// (the cold-start path: a new platform or a quiet category still answers). Kept in memory for a few seconds and refreshed
/// in the background (<see cref="Snapshot{T}"/>): the table only changes once per model run, and the lists hold nothing personal.
/// </summary>
public sealed class TrendingLists(NpgsqlDataSource dataSource, IOptions<RecommendationOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<int, Snapshot<IReadOnlyList<(Candidate, string)>>> lists = new();

    /// <summary>The longest list kept; for-you pages and the trending endpoint read from its head.</summary>
    public const int Length = 200;

    /// <summary>More categories than any catalogue has: past it, lists are read without keeping them (unknown ids cannot fill memory).</summary>
    private const int MaxKept = 1_000;

    public Task<IReadOnlyList<(Candidate Product, string Reason)>> ForAsync(int? categoryId, CancellationToken cancellationToken)
    {
        var key = categoryId ?? 0;
        if (!lists.ContainsKey(key) && lists.Count >= MaxKept) return LoadAsync(categoryId, cancellationToken);
        return lists.GetOrAdd(key, _ => new Snapshot<IReadOnlyList<(Candidate, string)>>(
                token => LoadAsync(categoryId, token), TimeSpan.FromSeconds(options.Value.TrendingCacheSeconds), clock))
            .GetAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<(Candidate, string)>> LoadAsync(int? categoryId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var trending = await connection.QueryAsync<Candidate>(
            """
            SELECT p.id AS product_id, p.title, p.image_url, p.min_price, p.currency, t.score
            FROM trending t JOIN products p ON p.id = t.product_id AND p.listed
            WHERE @categoryId::integer IS NULL OR t.category_id = @categoryId
            ORDER BY t.score DESC, p.id LIMIT @Length
            """,
            new { categoryId, Length });
        var list = trending.Select(product => (product, Reasons.Trending)).ToList();
        if (list.Count >= Length) return list;

        var popular = await connection.QueryAsync<Candidate>(
            """
            SELECT p.id AS product_id, p.title, p.image_url, p.min_price, p.currency,
                   coalesce((SELECT sum(i.weight) FROM interactions i WHERE i.product_id = p.id), 0)::double precision AS score
            FROM products p
            WHERE p.listed AND (@categoryId::integer IS NULL OR p.category_id = @categoryId)
              AND NOT EXISTS (SELECT 1 FROM trending t WHERE t.product_id = p.id)
            ORDER BY score DESC, p.listed_at DESC, p.id LIMIT @rest
            """,
            new { categoryId, rest = Length - list.Count });
        list.AddRange(popular.Select(product => (product, Reasons.Popular)));
        return list;
    }
}
