using Dapper;
using Npgsql;

namespace SocialCommerce.Social.Reviews;

/// <summary>
/// Fully refunded purchases: remembered per order and product, and the review of one (if written) marked refunded and
/// kept. Writers of a review and of a mark take the order's advisory lock, so neither can miss the other.
/// </summary>
public static class RefundMarks
{
    public static Task LockOrderAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId) =>
        connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended('review-order:' || @orderId::text, 0))", new { orderId }, transaction);

    public static async Task MarkAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId, Guid productId, Guid userId, DateTimeOffset at)
    {
        await LockOrderAsync(connection, transaction, orderId);
        await connection.ExecuteAsync(
            """
            INSERT INTO refunded_purchases (order_id, product_id, user_id, refunded_at) VALUES (@orderId, @productId, @userId, @at)
            ON CONFLICT DO NOTHING
            """,
            new { orderId, productId, userId, at }, transaction);
        var marked = await connection.ExecuteScalarAsync<string?>(
            "UPDATE reviews SET refunded = true WHERE order_id = @orderId AND product_id = @productId AND NOT refunded RETURNING status",
            new { orderId, productId }, transaction);
        if (marked == ReviewDecisions.Published) await ReviewSummaries.RefreshAsync(connection, transaction, [productId]);
    }
}
