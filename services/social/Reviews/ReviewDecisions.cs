using Dapper;
using Npgsql;

namespace SocialCommerce.Social.Reviews;

/// <summary>
/// Moderation's word on a review or a follow-up (content types "review" and "follow-up"): approved is published, rejected is
/// refused with reasons, held is pending again with reasons (a review that passed can be held later as part of a templated
/// cluster). A decision older than the one applied is ignored, so a late redelivery cannot undo a moderator. The product's
/// summary follows every review entering or leaving publication, in the same transaction.
/// </summary>
public static class ReviewDecisions
{
    public const string Published = "published", Rejected = "rejected", Pending = "pending";

    public static async Task ApplyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string contentType, Guid contentId, string status,
        IReadOnlyList<string> reasons, Guid? caseId, DateTimeOffset at)
    {
        if (contentType == "follow-up")
        {
            await connection.ExecuteAsync(
                """
                UPDATE review_follow_ups SET status = @status, reasons = @reasons, case_id = coalesce(@caseId, case_id), decided_at = @at
                WHERE id = @contentId AND (decided_at IS NULL OR decided_at <= @at)
                """,
                new { contentId, status, reasons = reasons.ToArray(), caseId, at }, transaction);
            return;
        }

        var productId = await connection.ExecuteScalarAsync<Guid?>(
            """
            UPDATE reviews SET status = @status, reasons = @reasons, case_id = coalesce(@caseId, case_id), decided_at = @at,
                published_at = CASE WHEN @status = 'published' THEN coalesce(published_at, @at) ELSE published_at END
            WHERE id = @contentId AND (decided_at IS NULL OR decided_at <= @at)
            RETURNING product_id
            """,
            new { contentId, status, reasons = reasons.ToArray(), caseId, at }, transaction);
        if (productId is { } product) await ReviewSummaries.RefreshAsync(connection, transaction, [product]);
    }
}
