using Dapper;
using MassTransit;
using SocialCommerce.Contracts.Events.Identity;
using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.Social.Directory;
using SocialCommerce.Social.Feed;
using SocialCommerce.Social.Graph;
using SocialCommerce.Social.Groups;
using SocialCommerce.Social.Reviews;

namespace SocialCommerce.Social.Privacy;

/// <summary>
/// PIPL erasure: the user's posts (with their revisions, and everyone's likes, comments and favourites of them), their
/// comments (with the replies under them), likes, favourites, follows in both directions and feed are deleted, and every
/// count that included them is corrected. Nothing of theirs is left to anonymise.
/// </summary>
public sealed class UserErasedConsumer(Inbox inbox, UserCards users, TimeProvider time) : IConsumer<UserErased>
{
    public async Task Consume(ConsumeContext<UserErased> context)
    {
        var userId = context.Message.UserId;
        await inbox.HandleOnceAsync(context, nameof(UserErasedConsumer), async (connection, transaction) =>
        {
            var now = time.GetUtcNow();
            var following = await connection.QueryAsync<Guid>("SELECT target_id FROM follows WHERE follower_id = @userId", new { userId }, transaction);
            foreach (var target in following) await FollowStore.UnfollowAsync(connection, transaction, userId, target, now);
            var followers = await connection.QueryAsync<Guid>("SELECT follower_id FROM follows WHERE target_id = @userId", new { userId }, transaction);
            foreach (var follower in followers) await FollowStore.UnfollowAsync(connection, transaction, follower, userId, now);

            await connection.ExecuteAsync(
                """
                WITH gone AS (DELETE FROM post_likes WHERE user_id = @userId RETURNING post_id)
                UPDATE posts SET likes = likes - 1 FROM gone WHERE posts.id = gone.post_id;

                WITH gone AS (DELETE FROM favourites WHERE user_id = @userId RETURNING target_kind, target_id)
                UPDATE posts SET favourites = favourites - 1 FROM gone WHERE gone.target_kind = 'post' AND posts.id = gone.target_id;

                WITH gone AS (
                    DELETE FROM comments WHERE author_id = @userId OR reply_to IN (SELECT id FROM comments WHERE author_id = @userId)
                    RETURNING post_id, status),
                counted AS (SELECT post_id, count(*) AS n FROM gone WHERE status = 'published' GROUP BY post_id)
                UPDATE posts SET comments = comments - counted.n FROM counted WHERE posts.id = counted.post_id;

                DELETE FROM favourites WHERE target_kind = 'post' AND target_id IN (SELECT id FROM posts WHERE author_id = @userId);
                DELETE FROM posts WHERE author_id = @userId;
                DELETE FROM check_ins WHERE user_id = @userId;
                DELETE FROM purchases WHERE user_id = @userId;
                DELETE FROM social_proof_consents WHERE user_id = @userId;
                DELETE FROM accounts WHERE id = @userId;
                """,
                new { userId }, transaction);
            await FeedRows.RemoveUserAsync(connection, transaction, userId);
            await GroupStore.EraseUserAsync(connection, transaction, userId);
            // Their reviews and follow-ups go, and every summary that counted one is recomputed.
            var reviewed = await connection.QueryAsync<Guid>(
                "DELETE FROM reviews WHERE author_id = @userId RETURNING product_id", new { userId }, transaction);
            await connection.ExecuteAsync("DELETE FROM refunded_purchases WHERE user_id = @userId", new { userId }, transaction);
            await ReviewSummaries.RefreshAsync(connection, transaction, reviewed);
        });
        users.Forget(userId);
    }
}
