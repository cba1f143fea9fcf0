using Dapper;
using Npgsql;

namespace SocialCommerce.Social.Feed;

/// <summary>A post's place in a feed: newest first by first publication, then by id.</summary>
public sealed record FeedItem(Guid PostId, DateTime PublishedAt);

/// <summary>
/// The <c>feed_entries</c> rows: written when a post is published (fan-out to every follower of an author below the
/// fan-out limit) and when someone follows (the author's recent posts), removed on unfollow and delete. Callers hold the
/// author's account lock (<see cref="Graph.Accounts"/>) around fan-out, backfill and removal, so a follow racing a
/// publication ends with the row either way and an unfollow racing it ends without.
/// </summary>
public static class FeedRows
{
    /// <summary>How many of an author's latest posts a new follower's feed receives.</summary>
    public const int BackfillPosts = 20;

    public static Task<int> FanOutAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid postId, Guid authorId, DateTime publishedAt) =>
        connection.ExecuteAsync(
            """
            INSERT INTO feed_entries (user_id, published_at, post_id, author_id)
            SELECT follower_id, @publishedAt, @postId, @authorId FROM follows WHERE target_id = @authorId
            ON CONFLICT DO NOTHING
            """,
            new { postId, authorId, publishedAt }, transaction);

    public static Task<int> BackfillAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid userId, Guid authorId) =>
        connection.ExecuteAsync(
            """
            INSERT INTO feed_entries (user_id, published_at, post_id, author_id)
            SELECT @userId, published_at, id, author_id FROM posts
            WHERE author_id = @authorId AND deleted_at IS NULL AND published_revision IS NOT NULL AND NOT pulled
            ORDER BY published_at DESC, id DESC LIMIT @limit
            ON CONFLICT DO NOTHING
            """,
            new { userId, authorId, limit = BackfillPosts }, transaction);

    public static Task RemoveAuthorAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid userId, Guid authorId) =>
        connection.ExecuteAsync("DELETE FROM feed_entries WHERE user_id = @userId AND author_id = @authorId", new { userId, authorId }, transaction);

    public static Task RemovePostsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] postIds) =>
        connection.ExecuteAsync("DELETE FROM feed_entries WHERE post_id = ANY(@postIds)", new { postIds }, transaction);

    public static Task RemoveUserAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid userId) =>
        connection.ExecuteAsync("DELETE FROM feed_entries WHERE user_id = @userId OR author_id = @userId", new { userId }, transaction);

    /// <summary>
    /// One page of the user's feed, newest first, from three sources merged: their feed rows; the posts of followed accounts
    /// that were published above the fan-out limit (pulled); and, once the rows run out before the page is full (a feed
    /// trimmed to its cap, or one that never had rows), the followed accounts' posts straight from the graph.
    /// </summary>
    public static async Task<IReadOnlyList<FeedItem>> PageAsync(NpgsqlConnection connection, Guid userId, PageCursor before, int limit)
    {
        var args = new { userId, at = before.At, id = before.Id, limit };
        // One round trip for the common case. The pulled branch starts from the few accounts that have pulled posts (a
        // partial index) and probes the reader's follows for each, rather than walking every follow of the reader.
        var rows = (await connection.QueryAsync<SourcedItem>(
            """
            (SELECT post_id, published_at, true AS stored FROM feed_entries
             WHERE user_id = @userId AND (published_at, post_id) < (@at, @id)
             ORDER BY published_at DESC, post_id DESC LIMIT @limit)
            UNION ALL
            (SELECT p.id, p.published_at, false
             FROM accounts a
             JOIN follows f ON f.follower_id = @userId AND f.target_id = a.id
             CROSS JOIN LATERAL (
                 SELECT id, published_at FROM posts
                 WHERE author_id = a.id AND deleted_at IS NULL AND published_revision IS NOT NULL AND pulled
                   AND (published_at, id) < (@at, @id)
                 ORDER BY published_at DESC, id DESC LIMIT @limit) p
             WHERE a.has_pulled_posts)
            """,
            args)).ToList();
        IEnumerable<FeedItem> items = rows.Select(row => new FeedItem(row.PostId, row.PublishedAt));
        // Stored rows are complete down to the oldest one kept; below it only the graph knows.
        if (rows.Count(row => row.Stored) < limit)
        {
            items = items.Concat(await connection.QueryAsync<FeedItem>(
                """
                SELECT p.id AS post_id, p.published_at
                FROM follows f
                CROSS JOIN LATERAL (
                    SELECT id, published_at FROM posts
                    WHERE author_id = f.target_id AND deleted_at IS NULL AND published_revision IS NOT NULL
                      AND (published_at, id) < (@at, @id)
                    ORDER BY published_at DESC, id DESC LIMIT @limit) p
                WHERE f.follower_id = @userId
                """,
                args));
        }

        return items
            .DistinctBy(item => item.PostId)
            .OrderByDescending(item => item.PublishedAt).ThenByDescending(item => item.PostId)
            .Take(limit)
            .ToList();
    }

    private sealed record SourcedItem(Guid PostId, DateTime PublishedAt, bool Stored);

    /// <summary>
    /// Keeps the newest <paramref name="cap"/> rows of each of the next <paramref name="batch"/> feeds after
    /// <paramref name="after"/> (walking the owners with an index skip, as PostgreSQL 15 has no skip scan).
    /// </summary>
    /// <returns>The last owner looked at (start again from null when it is null) and the rows removed.</returns>
    public static async Task<(Guid? Last, int Removed)> TrimAsync(NpgsqlDataSource dataSource, Guid? after, int batch, int cap, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var owners = (await connection.QueryAsync<Guid>(
            """
            WITH RECURSIVE owners (user_id, n) AS (
                (SELECT user_id, 1 FROM feed_entries WHERE user_id > @after ORDER BY user_id LIMIT 1)
                UNION ALL
                SELECT (SELECT e.user_id FROM feed_entries e WHERE e.user_id > o.user_id ORDER BY e.user_id LIMIT 1), o.n + 1
                FROM owners o WHERE o.user_id IS NOT NULL AND o.n < @batch)
            SELECT user_id FROM owners WHERE user_id IS NOT NULL
            """,
            new { after = after ?? Guid.Empty, batch })).ToArray();
        if (owners.Length == 0) return (null, 0);
        var removed = await connection.ExecuteAsync(
            """
            DELETE FROM feed_entries f USING (
                SELECT o.user_id, c.published_at, c.post_id FROM unnest(@owners) AS o (user_id)
                CROSS JOIN LATERAL (
                    SELECT published_at, post_id FROM feed_entries e WHERE e.user_id = o.user_id
                    ORDER BY published_at DESC, post_id DESC OFFSET @cap LIMIT 1) c) cut
            WHERE f.user_id = cut.user_id AND (f.published_at, f.post_id) <= (cut.published_at, cut.post_id)
            """,
            new { owners, cap });
        return (owners.Length < batch ? null : owners[^1], removed);
    }
}
