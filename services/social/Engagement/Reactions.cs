using Dapper;
using Npgsql;
using SocialCommerce.Contracts.Events.Social;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Social.Engagement;

public enum ReactionOutcome { Changed, Unchanged, NotFound, NotPublished }

/// <summary>
/// Likes and favourites of posts (<c>post_likes</c>, <c>favourites</c>) and the counts on the post. The post row is locked
/// first, so concurrent likes and unlikes of one post queue on it and the count always equals the rows; a repeat changes
/// nothing and announces nothing.
/// </summary>
public sealed class Reactions(NpgsqlDataSource dataSource, SocialMetrics metrics, TimeProvider time)
{
    public Task<ReactionOutcome> LikeAsync(Guid postId, Guid userId, CancellationToken cancellationToken = default) =>
        ReactAsync(postId, userId, add: true, cancellationToken, "likes",
            "INSERT INTO post_likes (post_id, user_id) VALUES (@postId, @userId) ON CONFLICT DO NOTHING",
            (connection, transaction, post) => Outbox.AddAsync(connection, transaction,
                new Liked(userId, postId, post.AuthorId, post.ProductIds, time.GetUtcNow())));

    public Task<ReactionOutcome> UnlikeAsync(Guid postId, Guid userId, CancellationToken cancellationToken = default) =>
        ReactAsync(postId, userId, add: false, cancellationToken, "likes",
            "DELETE FROM post_likes WHERE post_id = @postId AND user_id = @userId",
            (connection, transaction, _) => Outbox.AddAsync(connection, transaction, new Unliked(userId, postId, time.GetUtcNow())));

    public Task<ReactionOutcome> FavouriteAsync(Guid postId, Guid userId, CancellationToken cancellationToken = default) =>
        ReactAsync(postId, userId, add: true, cancellationToken, "favourites",
            "INSERT INTO favourites (user_id, target_kind, target_id) VALUES (@userId, 'post', @postId) ON CONFLICT DO NOTHING",
            (connection, transaction, _) => Outbox.AddAsync(connection, transaction, new Favourited(userId, "post", postId, time.GetUtcNow())));

    public Task<ReactionOutcome> UnfavouriteAsync(Guid postId, Guid userId, CancellationToken cancellationToken = default) =>
        ReactAsync(postId, userId, add: false, cancellationToken, "favourites",
            "DELETE FROM favourites WHERE user_id = @userId AND target_kind = 'post' AND target_id = @postId",
            (connection, transaction, _) => Outbox.AddAsync(connection, transaction, new Unfavourited(userId, "post", postId, time.GetUtcNow())));

    /// <summary>Products are catalog's: the caller checked it exists; nothing is counted here.</summary>
    public async Task<ReactionOutcome> ChangeProductFavouriteAsync(Guid productId, Guid userId, bool add, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(add
                ? "INSERT INTO favourites (user_id, target_kind, target_id) VALUES (@userId, 'product', @productId) ON CONFLICT DO NOTHING"
                : "DELETE FROM favourites WHERE user_id = @userId AND target_kind = 'product' AND target_id = @productId",
            new { userId, productId }, transaction);
        if (changed == 0) return ReactionOutcome.Unchanged;
        await (add
            ? Outbox.AddAsync(connection, transaction, new Favourited(userId, "product", productId, time.GetUtcNow()))
            : Outbox.AddAsync(connection, transaction, new Unfavourited(userId, "product", productId, time.GetUtcNow())));
        await transaction.CommitAsync(cancellationToken);
        metrics.Reacted(add ? "favourite" : "unfavourite");
        return ReactionOutcome.Changed;
    }

    private async Task<ReactionOutcome> ReactAsync(
        Guid postId, Guid userId, bool add, CancellationToken cancellationToken, string counter, string change,
        Func<NpgsqlConnection, NpgsqlTransaction, ReactedPost, Task> announce)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var post = await connection.QuerySingleOrDefaultAsync<ReactedPost>(
            """
            SELECT p.author_id, p.published_revision IS NOT NULL AS published,
                   coalesce((SELECT r.product_ids FROM post_revisions r WHERE r.post_id = p.id AND r.revision = p.published_revision), '{}'::uuid[]) AS product_ids
            FROM posts p WHERE p.id = @postId AND p.deleted_at IS NULL FOR UPDATE OF p
            """,
            new { postId }, transaction);
        // Someone else's unpublished post does not exist for the caller; their own is there but not open to reactions yet.
        if (post is null || (!post.Published && post.AuthorId != userId)) return ReactionOutcome.NotFound;
        if (!post.Published) return add ? ReactionOutcome.NotPublished : ReactionOutcome.Unchanged;
        if (await connection.ExecuteAsync(change, new { postId, userId }, transaction) == 0) return ReactionOutcome.Unchanged;
        // The counter column is one of two names fixed in this class, never input.
        await connection.ExecuteAsync($"UPDATE posts SET {counter} = {counter} + @delta WHERE id = @postId",
            new { postId, delta = add ? 1 : -1 }, transaction);
        await announce(connection, transaction, post);
        await transaction.CommitAsync(cancellationToken);
        metrics.Reacted((add ? "" : "un") + (counter == "likes" ? "like" : "favourite"));
        return ReactionOutcome.Changed;
    }

    // Properties, not a positional record: Npgsql reports array columns as System.Array, which Dapper cannot match to a
    // constructor parameter.
    private sealed record ReactedPost
    {
        public Guid AuthorId { get; init; }

        public bool Published { get; init; }

        public Guid[] ProductIds { get; init; } = [];
    }
}
