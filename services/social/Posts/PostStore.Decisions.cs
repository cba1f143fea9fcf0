using Dapper;
using Npgsql;
using SocialCommerce.Social.Feed;
using SocialCommerce.Social.Graph;

namespace SocialCommerce.Social.Posts;

/// <summary>Moderation's decisions on revisions, and publication: the one place a post enters feeds.</summary>
public sealed partial class PostStore
{
    /// <summary>
    /// Moderation let <paramref name="revision"/> through. It becomes what others see unless a newer revision was approved
    /// first; the post's first approval publishes it. A decision on a deleted post changes nothing.
    /// </summary>
    public async Task ApproveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid postId, int revision, DateTimeOffset decidedAt)
    {
        var post = await LockAsync(connection, transaction, postId);
        if (post is null) return;
        var changed = await connection.ExecuteAsync(
            """
            UPDATE post_revisions SET status = 'approved', reasons = '{}', decided_at = @decidedAt
            WHERE post_id = @postId AND revision = @revision AND status <> 'approved'
            """,
            new { postId, revision, decidedAt }, transaction);
        if (changed == 0 || revision < (post.PublishedRevision ?? 0)) return;
        await ShowRevisionAsync(connection, transaction, post, revision, decidedAt);
    }

    /// <summary>
    /// Moderation refused <paramref name="revision"/>: its author sees why. Should it be the revision others see (an approval
    /// overturned), the post falls back to its newest other approved revision, or leaves public view if there is none.
    /// </summary>
    public async Task RejectAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid postId, int revision, IReadOnlyList<string> reasons, Guid? caseId,
        DateTimeOffset decidedAt)
    {
        var post = await LockAsync(connection, transaction, postId);
        if (post is null) return;
        await connection.ExecuteAsync(
            """
            UPDATE post_revisions SET status = 'rejected', reasons = @reasons, case_id = coalesce(@caseId, case_id), decided_at = @decidedAt
            WHERE post_id = @postId AND revision = @revision
            """,
            new { postId, revision, reasons = reasons.ToArray(), caseId, decidedAt }, transaction);
        if (post.PublishedRevision != revision) return;
        var fallback = await connection.ExecuteScalarAsync<int?>(
            "SELECT max(revision) FROM post_revisions WHERE post_id = @postId AND status = 'approved'", new { postId }, transaction);
        if (fallback is int older)
        {
            await ShowRevisionAsync(connection, transaction, post, older, decidedAt);
            return;
        }

        await connection.ExecuteAsync("UPDATE posts SET published_revision = NULL WHERE id = @postId", new { postId }, transaction);
        await WithdrawAsync(connection, transaction, post);
    }

    /// <summary>Screening sent a pending revision to a moderator: its author sees why it waits and which case to follow.</summary>
    public static Task HoldAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid postId, int revision, IReadOnlyList<string> reasons, Guid caseId) =>
        connection.ExecuteAsync(
            """
            UPDATE post_revisions SET reasons = @reasons, case_id = @caseId
            WHERE post_id = @postId AND revision = @revision AND status = 'pending'
            """,
            new { postId, revision, reasons = reasons.ToArray(), caseId }, transaction);

    /// <summary>
    /// A shop's new listing as a post of the shop, published at once (catalog's listing was moderated already) and only
    /// once per product, however often it is relisted. It takes its place in feeds at <paramref name="listedAt"/> (never
    /// later than now); fan-out lag is measured from <paramref name="announcedAt"/>, when catalog sent the news.
    /// </summary>
    public async Task AddListingPostAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid shopId, Guid productId, string title, DateTimeOffset listedAt,
        DateTimeOffset announcedAt)
    {
        var postId = Guid.CreateVersion7();
        var publishedAt = (listedAt < time.GetUtcNow() ? listedAt : time.GetUtcNow()).UtcDateTime;
        var inserted = await connection.ExecuteAsync(
            """
            INSERT INTO posts (id, author_kind, author_id, latest_revision, listing_product_id, published_at)
            VALUES (@postId, 'shop', @shopId, 1, @productId, @publishedAt)
            ON CONFLICT (listing_product_id) DO NOTHING
            """,
            new { postId, shopId, productId, publishedAt }, transaction);
        if (inserted == 0) return;
        await connection.ExecuteAsync(
            """
            INSERT INTO post_revisions (post_id, revision, text, image_urls, product_ids, status, decided_at)
            VALUES (@postId, 1, @text, '{}', @productIds, 'approved', @announcedAt)
            """,
            new { postId, text = $"上新：{title}", productIds = new[] { productId }, announcedAt }, transaction);
        var post = await LockAsync(connection, transaction, postId);
        await ShowRevisionAsync(connection, transaction, post!, 1, announcedAt);
    }

    private async Task ShowRevisionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, LockedPost post, int revision, DateTimeOffset decidedAt)
    {
        var publishedAt = post.PublishedAt ?? time.GetUtcNow().UtcDateTime;
        await connection.ExecuteAsync(
            """
            UPDATE posts SET published_revision = @revision, published_at = @publishedAt WHERE id = @Id;
            DELETE FROM post_products WHERE post_id = @Id;
            INSERT INTO post_products (post_id, product_id, published_at)
            SELECT @Id, unnest(product_ids), @publishedAt FROM post_revisions WHERE post_id = @Id AND revision = @revision;
            """,
            new { post.Id, revision, publishedAt }, transaction);
        if (post.PublishedRevision is not null) return;

        // First publication: counted on the author and fanned out under the author's account lock.
        var followers = await Accounts.ChangePostsAsync(connection, transaction, post.AuthorId, post.AuthorKind, +1);
        var pulled = followers >= options.Value.FanOutLimit;
        if (pulled)
        {
            await connection.ExecuteAsync("UPDATE posts SET pulled = true WHERE id = @Id", new { post.Id }, transaction);
            await Accounts.MarkPulledAsync(connection, transaction, post.AuthorId);
        }

        var rows = pulled ? 0 : await FeedRows.FanOutAsync(connection, transaction, post.Id, post.AuthorId, publishedAt);
        metrics.Published(post.AuthorKind, pulled);
        metrics.FannedOut(rows, "publication", time.GetUtcNow() - decidedAt);
    }
}
