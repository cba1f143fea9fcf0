using Dapper;
using Npgsql;

namespace SocialCommerce.Recommendation.Models;

/// <summary>
/// The <c>user_candidates</c> table's sources and the lock its writers share. The model job rewrites 'friends-bought', the
/// nightly job 'similar' and 'taste'; a withdrawn social-proof consent, an unfollow and an erasure delete rows at once.
/// Writers take one transaction-scoped lock, so a deletion is never undone by a rewrite that read the data before it.
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
            DELETE FROM user_candidates u USING follows f
            WHERE f.target_id = @userId AND u.user_id = f.follower_id AND u.source = @FriendsBought
            """,
            new { userId, FriendsBought }, transaction);
        await transaction.CommitAsync();
    }
}
