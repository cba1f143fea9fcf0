using Dapper;
using Npgsql;

namespace SocialCommerce.Recommendation.Models;

/// <summary>
/// The periodic model run: recomputes the <c>trending</c> and <c>similar_items</c> tables and the users' friends-bought
/// candidates from the interactions, each in one statement inside one transaction, so readers see either the previous
/// run's rows or this run's, never half. All are whole recomputations (fine at this platform's scale,
/// docs/recommendation.md); an erased user's part goes with the next run.
/// </summary>
public sealed class ModelJob(NpgsqlDataSource dataSource, RecommendationMetrics metrics)
{
    public const string Model = "trending-similar";

    /// <summary>A signal counts half as much for trending after this long: trending is about the last few days.</summary>
    public static readonly TimeSpan TrendingHalfLife = TimeSpan.FromDays(3);

    /// <summary>Older signals no longer make anything trend (about 1/1000 of their weight left).</summary>
    public static readonly TimeSpan TrendingWindow = TimeSpan.FromDays(30);

    /// <summary>Tastes last longer than trends: co-occurrence halves over a month.</summary>
    public static readonly TimeSpan SimilarHalfLife = TimeSpan.FromDays(30);

    public const int SimilarPerProduct = 20;

    /// <summary>The decayed weight SQL and tests agree on: <c>weight · 2^(−age / halfLife)</c>.</summary>
    public static double Decayed(double weight, TimeSpan age, TimeSpan halfLife) =>
        weight * Math.Pow(2, -Math.Max(0, age.TotalSeconds) / halfLife.TotalSeconds);

    public async Task<int> RunOnceAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var trending = await connection.ExecuteAsync(
            """
            DELETE FROM trending;
            INSERT INTO trending (product_id, category_id, score)
            SELECT i.product_id, p.category_id,
                   sum(i.weight * power(2, -extract(epoch FROM @now - i.at) / @halfLife))
            FROM interactions i JOIN products p ON p.id = i.product_id AND p.listed
            WHERE i.at > @now - @window
            GROUP BY i.product_id, p.category_id
            """,
            new { now = now.UtcDateTime, halfLife = TrendingHalfLife.TotalSeconds, window = TrendingWindow }, transaction);
        // Item-to-item co-occurrence: two products chosen by the same user count that user's smaller decayed weight of the two,
        // so one strong purchase next to a passing like adds little. The strongest few per product are kept.
        await connection.ExecuteAsync(
            """
            DELETE FROM similar_items;
            WITH choices AS (
                SELECT user_id, product_id, max(weight * power(2, -extract(epoch FROM @now - at) / @halfLife)) AS w
                FROM interactions WHERE kind = ANY(@kinds) GROUP BY user_id, product_id),
            pairs AS (
                SELECT a.product_id, b.product_id AS similar_id, sum(LEAST(a.w, b.w)) AS score
                FROM choices a JOIN choices b ON b.user_id = a.user_id AND b.product_id <> a.product_id
                JOIN products p ON p.id = b.product_id AND p.listed
                GROUP BY a.product_id, b.product_id),
            ranked AS (
                SELECT *, row_number() OVER (PARTITION BY product_id ORDER BY score DESC, similar_id) AS rank FROM pairs)
            INSERT INTO similar_items (product_id, similar_id, score)
            SELECT product_id, similar_id, score FROM ranked WHERE rank <= @SimilarPerProduct
            """,
            new { now = now.UtcDateTime, halfLife = SimilarHalfLife.TotalSeconds, kinds = Ingest.Signals.Choices, SimilarPerProduct },
            transaction);
        // What consenting people each consenting user follows bought (decayed as tastes are), the strongest few not bought
        // by the user; under the candidates' lock, so a withdrawal or unfollow deleting rows now is not undone by this run.
        await UserCandidates.LockAsync(connection, transaction);
        await connection.ExecuteAsync(
            """
            DELETE FROM user_candidates WHERE source = @FriendsBought;
            INSERT INTO user_candidates (user_id, source, product_id, score)
            SELECT follower_id, @FriendsBought, product_id, score FROM (
                SELECT f.follower_id, i.product_id, sum(i.weight * power(2, -extract(epoch FROM @now - i.at) / @halfLife)) AS score,
                       row_number() OVER (PARTITION BY f.follower_id
                           ORDER BY sum(i.weight * power(2, -extract(epoch FROM @now - i.at) / @halfLife)) DESC, i.product_id) AS rank
                FROM follows f
                JOIN consents me ON me.user_id = f.follower_id AND me.personalised_recommendations
                JOIN consents friend ON friend.user_id = f.target_id AND friend.social_proof
                JOIN interactions i ON i.user_id = f.target_id AND i.kind = 'purchase'
                JOIN products p ON p.id = i.product_id AND p.listed
                WHERE NOT EXISTS (SELECT 1 FROM interactions mine
                                  WHERE mine.user_id = f.follower_id AND mine.product_id = i.product_id AND mine.kind = 'purchase')
                GROUP BY f.follower_id, i.product_id) ranked
            WHERE rank <= @FriendsBoughtLimit
            """,
            new { now = now.UtcDateTime, halfLife = SimilarHalfLife.TotalSeconds, UserCandidates.FriendsBought, Serving.ForYou.FriendsBoughtLimit },
            transaction);
        var signals = await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM interactions", transaction: transaction);
        await ModelRuns.RecordAsync(connection, transaction, Model, now, watch.Elapsed, signals);
        await transaction.CommitAsync(cancellationToken);
        // The replicas have read these notes long ago (one that has not reloads everything): an erased user's id goes too.
        await connection.ExecuteAsync("DELETE FROM serving_changes WHERE at < now() - @ChangesKept", new { Serving.PersonalCandidates.ChangesKept });
        // The dashboards' model ages, the train command's included, as the table now says.
        metrics.Runs(await ModelRuns.LatestAsync(connection));
        return trending;
    }
}
