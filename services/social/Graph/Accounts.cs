using Dapper;
using Npgsql;

namespace SocialCommerce.Social.Graph;

/// <summary>An account's counts as a profile card shows them.</summary>
public sealed record AccountCounts(long Followers, long Following, long Posts)
{
    public static readonly AccountCounts None = new(0, 0, 0);
}

/// <summary>
/// The <c>accounts</c> rows: follower, following and post counts of users and shops. Every change locks the rows it
/// touches in id order (two people following each other at once wait, never deadlock), and the lock on an author's row is
/// what orders a publication's fan-out against follows and unfollows of that author.
/// </summary>
public static class Accounts
{
    public static async Task ChangeFollowAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid followerId, Guid targetId, string targetKind, int delta)
    {
        await connection.ExecuteAsync(
            """
            INSERT INTO accounts (id, kind) SELECT id, kind FROM (VALUES (@followerId, 'user'), (@targetId, @targetKind)) AS a (id, kind)
            ORDER BY id ON CONFLICT (id) DO NOTHING;
            SELECT id FROM accounts WHERE id IN (@followerId, @targetId) ORDER BY id FOR UPDATE;
            UPDATE accounts SET following = following + @delta WHERE id = @followerId;
            UPDATE accounts SET followers = followers + @delta WHERE id = @targetId;
            """,
            new { followerId, targetId, targetKind, delta }, transaction);
    }

    /// <summary>Locks the author's row and counts a post in or out.</summary>
    /// <returns>The author's followers, as of the lock: who a publication fans out to.</returns>
    public static async Task<long> ChangePostsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid authorId, string authorKind, int delta) =>
        await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO accounts (id, kind, posts) VALUES (@authorId, @authorKind, greatest(@delta, 0))
            ON CONFLICT (id) DO UPDATE SET posts = accounts.posts + @delta
            RETURNING followers
            """,
            new { authorId, authorKind, delta }, transaction);

    public static async Task MarkPulledAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid authorId) =>
        await connection.ExecuteAsync("UPDATE accounts SET has_pulled_posts = true WHERE id = @authorId AND NOT has_pulled_posts",
            new { authorId }, transaction);

    public static async Task<AccountCounts> CountsAsync(NpgsqlConnection connection, Guid id) =>
        await connection.QuerySingleOrDefaultAsync<AccountCounts>(
            "SELECT followers, following, posts FROM accounts WHERE id = @id", new { id }) ?? AccountCounts.None;
}
