using Dapper;
using Npgsql;

namespace SocialCommerce.Recommendation.Models;

/// <summary>
/// The <c>user_candidates</c> table's sources and the lock its writers share. The model job rewrites 'friends-bought', the
/// nightly job 'similar' and 'taste'; a withdrawn social-proof consent, an unfollow and an erasure delete rows at once.
/// Writers take one transaction-scoped lock, so a deletion is never undone by a rewrite that read the data before it.
/// A deletion also notes its users in <c>serving_changes</c>, so every replica's in-memory copy re-reads them
/// (<see cref="Serving.PersonalCandidates"/>).
/// </summary>
public static class UserCandidates
{
    public const string FriendsBought = "friends-bought";
    public const string Similar = "similar";
    public const string Taste = "taste";

    public static Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction) =>
        connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext('recommendation.user_candidates'))", transaction: transaction);

    /// <summary>Her purchases leave her followers' friends-bought rows now (other friends' come back with the next model run).</summary>
    public static async Task ForgetAsSocialProofAsync(NpgsqlConnection connection, Guid userId)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        await LockAsync(connection, transaction);
        await connection.ExecuteAsync(
            """
            WITH gone AS (
                DELETE FROM user_candidates u USING follows f
                WHERE f.target_id = @userId AND u.user_id = f.follower_id AND u.source = @FriendsBought
                RETURNING u.user_id)
            INSERT INTO serving_changes (user_id) SELECT DISTINCT user_id FROM gone
            """,
            new { userId, FriendsBought }, transaction);
        await transaction.CommitAsync();
    }
}
