using Dapper;
using Npgsql;

namespace SocialCommerce.Social.Reviews;

/// <summary>A product's published reviews counted: how many, the average, one to five stars, and how many of refunded purchases.</summary>
public sealed record ReviewSummary(int Count, double Average, IReadOnlyDictionary<string, int> Histogram, int Refunded)
{
    public static ReviewSummary Empty { get; } = new(0, 0, Stars(new int[5]), 0);

    public static IReadOnlyDictionary<string, int> Stars(int[] histogram) =>
        Enumerable.Range(1, 5).ToDictionary(stars => stars.ToString(System.Globalization.CultureInfo.InvariantCulture), stars => histogram[stars - 1]);
}

/// <summary>
/// <c>review_summaries</c>, recomputed rather than incremented: the product's row is locked first, and the count that
/// follows is a fresh statement, so it sees every change committed by a writer that held the lock before. Exact by
/// construction, and a product's reviews are few enough to count each time one changes.
/// </summary>
public static class ReviewSummaries
{
    public static async Task RefreshAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<Guid> productIds)
    {
        // Sorted, so two writers touching the same products lock them in the same order.
        foreach (var productId in productIds.Distinct().Order())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO review_summaries (product_id) VALUES (@productId) ON CONFLICT DO NOTHING;
                SELECT 1 FROM review_summaries WHERE product_id = @productId FOR UPDATE;
                UPDATE review_summaries s SET count = c.count, rating_sum = c.rating_sum, histogram = c.histogram, refunded = c.refunded
                FROM (
                    SELECT count(*) AS count, coalesce(sum(rating), 0) AS rating_sum,
                           ARRAY[count(*) FILTER (WHERE rating = 1), count(*) FILTER (WHERE rating = 2), count(*) FILTER (WHERE rating = 3),
                                 count(*) FILTER (WHERE rating = 4), count(*) FILTER (WHERE rating = 5)]::integer[] AS histogram,
                           count(*) FILTER (WHERE refunded) AS refunded
                    FROM reviews WHERE product_id = @productId AND status = 'published') c
                WHERE s.product_id = @productId;
                """,
                new { productId }, transaction);
        }
    }

    public static async Task<ReviewSummary> ReadAsync(NpgsqlConnection connection, Guid productId)
    {
        var summary = await connection.QuerySingleOrDefaultAsync<SummaryRow>(
            "SELECT count, rating_sum, histogram, refunded FROM review_summaries WHERE product_id = @productId", new { productId });
        if (summary is not { Count: > 0 }) return ReviewSummary.Empty;
        return new ReviewSummary(summary.Count, Math.Round((double)summary.RatingSum / summary.Count, 1),
            ReviewSummary.Stars(summary.Histogram), summary.Refunded);
    }

    // Properties, not a constructor: Dapper offers an int[] column as System.Array, which no constructor signature matches.
    private sealed class SummaryRow
    {
        public int Count { get; init; }
        public long RatingSum { get; init; }
        public int[] Histogram { get; init; } = [];
        public int Refunded { get; init; }
    }
}
