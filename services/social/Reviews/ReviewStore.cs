using Dapper;
using Npgsql;
using SocialCommerce.Contracts.Events.Social;
using SocialCommerce.Contracts.Order.V1;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Social.Reviews;

public enum ReviewOutcome { Done, NotABuyer, NotDelivered, AlreadyReviewed, NotFound, NotYours, FollowUpTwice, FollowUpClosed, Rejected }

/// <summary>
/// Reviews and their follow-ups (<c>reviews</c>, <c>review_follow_ups</c>). A review is written pending, with order's
/// answer on the purchase behind it, and announced to moderation (ReviewCreated); the (order, product) key makes a second
/// one of the same purchase a no-op however many arrive at once. Publication and the summary are moderation's doing
/// (<see cref="ReviewDecisions"/>).
/// </summary>
public sealed class ReviewStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    public static readonly TimeSpan FollowUpWindow = TimeSpan.FromDays(180);

    /// <summary>
    /// A cheap check before asking order: the author's repeat is refused without a remote call. Only the caller's own
    /// review counts, so nobody learns from a 409 that someone else reviewed an order.
    /// </summary>
    public async Task<bool> ExistsAsync(Guid authorId, Guid orderId, Guid productId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM reviews WHERE order_id = @orderId AND product_id = @productId AND author_id = @authorId)",
            new { authorId, orderId, productId });
    }

    /// <param name="purchase">Order's answer for this user, order and product.</param>
    public async Task<(ReviewOutcome Outcome, Guid ReviewId)> CreateAsync(
        Guid authorId, Guid productId, ReviewDraft draft, Purchase purchase, CancellationToken cancellationToken = default)
    {
        if (!purchase.Found) return (ReviewOutcome.NotABuyer, Guid.Empty);
        if (!purchase.Delivered) return (ReviewOutcome.NotDelivered, Guid.Empty);
        var reviewId = Guid.CreateVersion7();
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Serialised with RefundCompletedConsumer on the same order: whichever comes second sees the other's row.
        await RefundMarks.LockOrderAsync(connection, transaction, draft.OrderId);
        var inserted = await connection.ExecuteAsync(
            """
            INSERT INTO reviews (id, product_id, order_id, author_id, rating, text, image_urls, status, refunded, created_at)
            SELECT @reviewId, @productId, @OrderId, @authorId, @Rating, @Text, @ImageUrls, 'pending',
                   @fullyRefunded OR EXISTS (SELECT 1 FROM refunded_purchases WHERE order_id = @OrderId AND product_id = @productId), @now
            ON CONFLICT (order_id, product_id) DO NOTHING
            """,
            new
            {
                reviewId, productId, draft.OrderId, authorId, draft.Rating, draft.Text, draft.ImageUrls, now,
                fullyRefunded = purchase.Quantity > 0 && purchase.RefundedQuantity >= purchase.Quantity,
            },
            transaction);
        if (inserted == 0) return (ReviewOutcome.AlreadyReviewed, Guid.Empty);
        await Outbox.AddAsync(connection, transaction, new ReviewCreated(reviewId, 1, productId, authorId, draft.Rating, draft.Text, now));
        await transaction.CommitAsync(cancellationToken);
        return (ReviewOutcome.Done, reviewId);
    }

    /// <summary>追评: by the review's author, once, within <see cref="FollowUpWindow"/> of the review, not on a refused one.</summary>
    public async Task<(ReviewOutcome Outcome, Guid FollowUpId)> AddFollowUpAsync(
        Guid reviewId, Guid authorId, ReviewDraft draft, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var found = await connection.QuerySingleOrDefaultAsync<ReviewRow>(
            "SELECT author_id, product_id, status, created_at FROM reviews WHERE id = @reviewId", new { reviewId }, transaction);
        if (found is null) return (ReviewOutcome.NotFound, Guid.Empty);
        if (found.AuthorId != authorId) return (ReviewOutcome.NotYours, Guid.Empty);
        if (found.Status == "rejected") return (ReviewOutcome.Rejected, Guid.Empty);
        if (now > new DateTimeOffset(found.CreatedAt, TimeSpan.Zero) + FollowUpWindow) return (ReviewOutcome.FollowUpClosed, Guid.Empty);

        var followUpId = Guid.CreateVersion7();
        var inserted = await connection.ExecuteAsync(
            """
            INSERT INTO review_follow_ups (id, review_id, text, image_urls, status, created_at)
            VALUES (@followUpId, @reviewId, @Text, @ImageUrls, 'pending', @now)
            ON CONFLICT (review_id) DO NOTHING
            """,
            new { followUpId, reviewId, draft.Text, draft.ImageUrls, now }, transaction);
        if (inserted == 0) return (ReviewOutcome.FollowUpTwice, Guid.Empty);
        await Outbox.AddAsync(connection, transaction,
            new ReviewFollowUpCreated(followUpId, 1, reviewId, found.ProductId, authorId, draft.Text, now));
        await transaction.CommitAsync(cancellationToken);
        return (ReviewOutcome.Done, followUpId);
    }

    private sealed record ReviewRow(Guid AuthorId, Guid ProductId, string Status, DateTime CreatedAt);
}
