using Dapper;
using Npgsql;
using SocialCommerce.Contracts.Events.Social;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Social.Engagement;

public enum CommentOutcome { Added, PostNotFound, PostNotPublished, ReplyToUnknown, ReplyToReply }

/// <summary>
/// Comments and replies (<c>comments</c>): written pending and sent to moderation (CommentCreated); the post's comment count
/// counts the published ones, changed under the post's row lock when moderation decides.
/// </summary>
public sealed class CommentStore(NpgsqlDataSource dataSource, SocialMetrics metrics)
{
    public async Task<(CommentOutcome Outcome, Guid CommentId)> AddAsync(
        Guid postId, Guid authorId, string text, Guid? replyTo, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var post = await connection.QuerySingleOrDefaultAsync<CommentedPost>(
            "SELECT author_id, published_revision IS NOT NULL AS published FROM posts WHERE id = @postId AND deleted_at IS NULL FOR SHARE",
            new { postId }, transaction);
        if (post is null || (!post.Published && post.AuthorId != authorId)) return (CommentOutcome.PostNotFound, Guid.Empty);
        if (!post.Published) return (CommentOutcome.PostNotPublished, Guid.Empty);
        if (replyTo is Guid parentId)
        {
            var parent = await connection.QuerySingleOrDefaultAsync<ParentComment>(
                "SELECT reply_to, status, author_id FROM comments WHERE id = @parentId AND post_id = @postId",
                new { parentId, postId }, transaction);
            // A comment the caller cannot see (someone else's pending or rejected one) is as unknown as a missing one.
            if (parent is null || (parent.Status != "published" && parent.AuthorId != authorId)) return (CommentOutcome.ReplyToUnknown, Guid.Empty);
            if (parent.ReplyTo is not null) return (CommentOutcome.ReplyToReply, Guid.Empty);
        }

        var commentId = Guid.CreateVersion7();
        var createdAt = await connection.ExecuteScalarAsync<DateTime>(
            """
            INSERT INTO comments (id, post_id, author_id, reply_to, text, status) VALUES (@commentId, @postId, @authorId, @replyTo, @text, 'pending')
            RETURNING created_at
            """,
            new { commentId, postId, authorId, replyTo, text }, transaction);
        await Outbox.AddAsync(connection, transaction,
            new CommentCreated(commentId, 1, postId, authorId, text, new DateTimeOffset(createdAt, TimeSpan.Zero)));
        await transaction.CommitAsync(cancellationToken);
        metrics.Reacted("comment");
        return (CommentOutcome.Added, commentId);
    }

    /// <summary>Moderation decided a comment: it shows (and counts) when approved, its author sees the reasons when rejected.</summary>
    public static async Task DecideAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid commentId, bool approved, IReadOnlyList<string> reasons, Guid? caseId,
        DateTimeOffset decidedAt)
    {
        var postId = await connection.ExecuteScalarAsync<Guid?>("SELECT post_id FROM comments WHERE id = @commentId", new { commentId }, transaction);
        if (postId is null) return;
        // The post row first, as every change of its counts takes it.
        await connection.ExecuteAsync("SELECT 1 FROM posts WHERE id = @postId FOR UPDATE", new { postId }, transaction);
        var before = await connection.ExecuteScalarAsync<string?>(
            """
            UPDATE comments c SET status = @status, reasons = @reasons, case_id = coalesce(@caseId, c.case_id), decided_at = @decidedAt
            FROM (SELECT id, status FROM comments WHERE id = @commentId FOR UPDATE) old
            WHERE c.id = old.id AND old.status <> @status
            RETURNING old.status
            """,
            new { commentId, status = approved ? "published" : "rejected", reasons = approved ? [] : reasons.ToArray(), caseId, decidedAt }, transaction);
        var delta = (before, approved) switch { (not null and not "published", true) => 1, ("published", false) => -1, _ => 0 };
        if (delta != 0)
        {
            await connection.ExecuteAsync("UPDATE posts SET comments = comments + @delta WHERE id = @postId", new { postId, delta }, transaction);
        }
    }

    /// <summary>Screening sent a pending comment to a moderator: its author sees why it waits.</summary>
    public static Task HoldAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid commentId, IReadOnlyList<string> reasons, Guid caseId) =>
        connection.ExecuteAsync("UPDATE comments SET reasons = @reasons, case_id = @caseId WHERE id = @commentId AND status = 'pending'",
            new { commentId, reasons = reasons.ToArray(), caseId }, transaction);

    private sealed record CommentedPost(Guid AuthorId, bool Published);

    private sealed record ParentComment(Guid? ReplyTo, string Status, Guid AuthorId);
}
