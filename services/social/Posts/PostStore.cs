using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.Contracts.Events.Social;
using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.Social.Feed;
using SocialCommerce.Social.Graph;
using SocialCommerce.Social.Groups;

namespace SocialCommerce.Social.Posts;

public enum PostChange { Done, NotFound, NotYours }

/// <summary>
/// Posts and their revisions (<c>posts</c>, <c>post_revisions</c>, <c>post_products</c>). A user's post is written as a
/// pending revision and announced to moderation (PostCreated); it becomes public when moderation approves that revision
/// (<c>PostStore.Decisions.cs</c>), which is also when it enters feeds. Every change locks the post row first and the
/// author's account row second.
/// </summary>
public sealed partial class PostStore(NpgsqlDataSource dataSource, IOptions<SocialOptions> options, SocialMetrics metrics, TimeProvider time)
{
    /// <summary>For callers that know the draft's group (if any) takes the author's post.</summary>
    public async Task<Guid> CreateAsync(Guid authorId, PostDraft draft, CancellationToken cancellationToken = default)
    {
        var (placement, postId) = await WriteAsync(authorId, draft, cancellationToken);
        return placement == GroupChange.Done ? postId : throw new InvalidOperationException($"Group {draft.GroupId} refused the post: {placement}.");
    }

    /// <returns>The new post, or why the draft's group does not take it (nothing is written then).</returns>
    public async Task<(GroupChange Placement, Guid PostId)> WriteAsync(Guid authorId, PostDraft draft, CancellationToken cancellationToken = default)
    {
        var postId = Guid.CreateVersion7();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (draft.GroupId is Guid groupId)
        {
            var placement = await GroupStore.CheckPosterAsync(connection, transaction, groupId, authorId);
            if (placement != GroupChange.Done) return (placement, Guid.Empty);
        }

        await connection.ExecuteAsync(
            "INSERT INTO posts (id, author_kind, author_id, latest_revision, group_id) VALUES (@postId, 'user', @authorId, 1, @GroupId)",
            new { postId, authorId, draft.GroupId }, transaction);
        await AddRevisionAsync(connection, transaction, postId, authorId, 1, draft);
        await transaction.CommitAsync(cancellationToken);
        return (GroupChange.Done, postId);
    }

    /// <returns>The new revision's number, or why there is none.</returns>
    public async Task<(PostChange Change, int Revision)> EditAsync(Guid postId, Guid userId, PostDraft draft, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var post = await LockAsync(connection, transaction, postId);
        if (post is null) return (PostChange.NotFound, 0);
        if (post.AuthorId != userId || post.AuthorKind != "user") return (PostChange.NotYours, 0);
        var revision = post.LatestRevision + 1;
        await connection.ExecuteAsync("UPDATE posts SET latest_revision = @revision WHERE id = @postId", new { postId, revision }, transaction);
        await AddRevisionAsync(connection, transaction, postId, userId, revision, draft);
        await transaction.CommitAsync(cancellationToken);
        return (PostChange.Done, revision);
    }

    /// <summary>The author deletes: the post leaves every feed and every product page at once (its likes and comments with it, unseen).</summary>
    public async Task<PostChange> DeleteAsync(Guid postId, Guid userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var post = await LockAsync(connection, transaction, postId);
        if (post is null) return PostChange.NotFound;
        if (post.AuthorId != userId || post.AuthorKind != "user") return PostChange.NotYours;
        await connection.ExecuteAsync("UPDATE posts SET deleted_at = now() WHERE id = @postId", new { postId }, transaction);
        await WithdrawAsync(connection, transaction, post);
        await transaction.CommitAsync(cancellationToken);
        return PostChange.Done;
    }

    /// <summary>Takes a published post out of feeds, product pages and its author's count.</summary>
    private static async Task WithdrawAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, LockedPost post)
    {
        if (post.PublishedRevision is null) return;
        await FeedRows.RemovePostsAsync(connection, transaction, [post.Id]);
        await connection.ExecuteAsync("DELETE FROM post_products WHERE post_id = @Id", new { post.Id }, transaction);
        await Accounts.ChangePostsAsync(connection, transaction, post.AuthorId, post.AuthorKind, -1);
    }

    private static async Task AddRevisionAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid postId, Guid authorId, int revision, PostDraft draft)
    {
        var createdAt = await connection.ExecuteScalarAsync<DateTime>(
            """
            INSERT INTO post_revisions (post_id, revision, text, image_urls, product_ids, status)
            VALUES (@postId, @revision, @Text, @ImageUrls, @ProductIds, 'pending')
            RETURNING created_at
            """,
            new { postId, revision, draft.Text, draft.ImageUrls, draft.ProductIds }, transaction);
        await Outbox.AddAsync(connection, transaction, new PostCreated(
            postId, revision, authorId, draft.Text, draft.ImageUrls, draft.ProductIds, new DateTimeOffset(createdAt, TimeSpan.Zero)));
    }

    /// <summary>The post row, locked; null when it does not exist or was deleted.</summary>
    private static Task<LockedPost?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid postId) =>
        connection.QuerySingleOrDefaultAsync<LockedPost>(
            """
            SELECT id, author_kind, author_id, latest_revision, published_revision, published_at FROM posts
            WHERE id = @postId AND deleted_at IS NULL FOR UPDATE
            """,
            new { postId }, transaction);

    private sealed record LockedPost(Guid Id, string AuthorKind, Guid AuthorId, int LatestRevision, int? PublishedRevision, DateTime? PublishedAt);
}
