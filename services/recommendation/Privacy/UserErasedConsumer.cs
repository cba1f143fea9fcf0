using Dapper;
using MassTransit;
using Npgsql;
using SocialCommerce.Contracts.Events.Identity;
using SocialCommerce.Recommendation.Models;

namespace SocialCommerce.Recommendation.Privacy;

/// <summary>
/// PIPL erasure: every row naming the user goes (their signals, follows either way, consents, their candidates, and their purchases from their followers' friends-bought). Deleting is idempotent, so
/// no inbox. Trending and similar items hold no user; they forget the user's part at the next model run. The user's id and
/// erasure time are kept in erased_users, so an event from before the erasure that arrives late writes nothing (<see cref="ErasedUsers"/>).
/// </summary>
public sealed class UserErasedConsumer(NpgsqlDataSource dataSource) : IConsumer<UserErased>
{
    public async Task Consume(ConsumeContext<UserErased> context)
    {
        await using var connection = await dataSource.OpenConnectionAsync(context.CancellationToken);
        await EraseAsync(connection, context.Message.UserId, context.Message.ErasedAt);
    }

    public static async Task EraseAsync(NpgsqlConnection connection, Guid userId, DateTimeOffset erasedAt)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        // First: a write of the user's rows running now finishes before the deletes below, and a later one of an event from
        // before the erasure writes nothing.
        await connection.ExecuteAsync(ErasedUsers.RecordStatement, new { userId, erasedAt = erasedAt.ToUniversalTime() }, transaction);
        await UserCandidates.LockAsync(connection, transaction);
        await connection.ExecuteAsync(
            """
            WITH gone AS (
                DELETE FROM user_candidates u USING follows f
                WHERE f.target_id = @userId AND u.user_id = f.follower_id AND u.source = @FriendsBought
                RETURNING u.user_id)
            INSERT INTO serving_changes (user_id) SELECT DISTINCT user_id FROM gone;
            DELETE FROM user_candidates WHERE user_id = @userId;
            INSERT INTO serving_changes (user_id) VALUES (@userId);
            DELETE FROM interactions WHERE user_id = @userId;
            DELETE FROM follows WHERE follower_id = @userId OR target_id = @userId;
            DELETE FROM consents WHERE user_id = @userId;
            """,
            new { userId, UserCandidates.FriendsBought }, transaction);
        await transaction.CommitAsync();
    }
}
