using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace SocialCommerce.Recommendation.Serving;

/// <summary>
/// The listed products' cards (title, lowest price) in memory, so a for-you page joins its candidates without the database:
/// a few hundred bytes a product, refreshed in the background like the trending lists (<see cref="Snapshot{T}"/>), so a
/// delisting reaches pages within <c>Recommendation__TrendingCacheSeconds</c>.
/// </summary>
public sealed class ProductCards
{
    private readonly Snapshot<IReadOnlyDictionary<Guid, Candidate>> listed;

    public ProductCards(NpgsqlDataSource dataSource, IOptions<RecommendationOptions> options, TimeProvider clock) =>
        listed = new(async cancellationToken =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var rows = await connection.QueryAsync<Candidate>(
                "SELECT id AS product_id, title, image_url, min_price, currency, 0::double precision AS score FROM products WHERE listed");
            return rows.ToDictionary(card => card.ProductId);
        }, TimeSpan.FromSeconds(options.Value.TrendingCacheSeconds), clock);

    /// <summary>Every listed product's card by id (the latest snapshot).</summary>
    public Task<IReadOnlyDictionary<Guid, Candidate>> ListedAsync(CancellationToken cancellationToken) => listed.GetAsync(cancellationToken);
}
