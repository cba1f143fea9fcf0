using Dapper;
using Npgsql;
using SocialCommerce.Contracts.Events.Social;
using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.Social.Feed;

namespace SocialCommerce.Social.Graph;

/// <summary>
/// The follow graph (<c>follows</c>) and what a change of it does to the follower's feed. A follow that changed nothing (a
/// repeat) neither counts nor announces; one that did is counted on both accounts, fills the follower's feed with the
/// author's recent posts or takes them out again, and is announced (Followed, Unfollowed) in the same transaction.
/// </summary>
public sealed class FollowStore(NpgsqlDataSource dataSource, SocialMetrics metrics, TimeProvider time)
{
    public async Task<bool> FollowAsync(Guid followerId, Guid targetId, string targetKind, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var followedAt = await connection.ExecuteScalarAsync<DateTime?>(
            """
            INSERT INTO follows (follower_id, target_id, target_kind) VALUES (@followerId, @targetId, @targetKind)
            ON CONFLICT DO NOTHING RETURNING followed_at
            """,
            new { followerId, targetId, targetKind }, transaction);
        if (followedAt is null) return false;
        // Counting takes the author's account lock; only then is the backfill's read of their posts ordered against a
        // publication's fan-out.
        await Accounts.ChangeFollowAsync(connection, transaction, followerId, targetId, targetKind, +1);
        var rows = await FeedRows.BackfillAsync(connection, transaction, followerId, targetId);
        await Outbox.AddAsync(connection, transaction, new Followed(followerId, targetKind, targetId, new DateTimeOffset(followedAt.Value, TimeSpan.Zero)));
        await transaction.CommitAsync(cancellationToken);
        metrics.FollowChanged("follow", targetKind);
        metrics.FannedOut(rows, "follow", lag: null);
        return true;
    }

    public async Task<bool> UnfollowAsync(Guid followerId, Guid targetId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var targetKind = await UnfollowAsync(connection, transaction, followerId, targetId, time.GetUtcNow());
        if (targetKind is null) return false;
        await transaction.CommitAsync(cancellationToken);
        metrics.FollowChanged("unfollow", targetKind);
        return true;
    }

    /// <returns>The kind of account that was unfollowed, or null when there was no such follow.</returns>
    public static async Task<string?> UnfollowAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid followerId, Guid targetId, DateTimeOffset at)
    {
        var targetKind = await connection.ExecuteScalarAsync<string?>(
            "DELETE FROM follows WHERE follower_id = @followerId AND target_id = @targetId RETURNING target_kind",
            new { followerId, targetId }, transaction);
        if (targetKind is null) return null;
        await Accounts.ChangeFollowAsync(connection, transaction, followerId, targetId, targetKind, -1);
        await FeedRows.RemoveAuthorAsync(connection, transaction, followerId, targetId);
        await Outbox.AddAsync(connection, transaction, new Unfollowed(followerId, targetKind, targetId, at));
        return targetKind;
    }

    public async Task<bool> FollowsAsync(Guid followerId, Guid targetId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM follows WHERE follower_id = @followerId AND target_id = @targetId)", new { followerId, targetId });
    }
}
