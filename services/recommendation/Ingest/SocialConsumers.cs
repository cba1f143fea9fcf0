using Dapper;
using MassTransit;
using Npgsql;
using SocialCommerce.Contracts.Events.Social;
using SocialCommerce.Recommendation.Models;
using SocialCommerce.Recommendation.Privacy;

namespace SocialCommerce.Recommendation.Ingest;

/// <summary>A like of a post says something about the products it tags; keyed by the post, so Unliked can take it back.</summary>
public sealed class LikedConsumer(NpgsqlDataSource dataSource) : IConsumer<Liked>
{
    public async Task Consume(ConsumeContext<Liked> context)
    {
        var liked = context.Message;
        if (liked.ProductIds.Count == 0) return;
        await using var connection = await dataSource.OpenConnectionAsync(context.CancellationToken);
        await Signals.RecordAsync(connection, liked.UserId, liked.ProductIds, Signals.Like, liked.PostId.ToString("N"), Signals.LikeWeight, liked.LikedAt);
    }
}

public sealed class UnlikedConsumer(NpgsqlDataSource dataSource) : IConsumer<Unliked>
{
    public async Task Consume(ConsumeContext<Unliked> context)
    {
        await using var connection = await dataSource.OpenConnectionAsync(context.CancellationToken);
        await Signals.ForgetAsync(connection, context.Message.UserId, Signals.Like, context.Message.PostId.ToString("N"));
    }
}

/// <summary>Favourited products only: the event of a favourited post names no products, so it says nothing here.</summary>
public sealed class FavouritedConsumer(NpgsqlDataSource dataSource) : IConsumer<Favourited>
{
    public async Task Consume(ConsumeContext<Favourited> context)
    {
        var favourited = context.Message;
        if (favourited.TargetKind != "product") return;
        await using var connection = await dataSource.OpenConnectionAsync(context.CancellationToken);
        await Signals.RecordAsync(connection, favourited.UserId, [favourited.TargetId], Signals.Favourite, Signals.Favourite,
            Signals.FavouriteWeight, favourited.FavouritedAt);
    }
}

public sealed class UnfavouritedConsumer(NpgsqlDataSource dataSource) : IConsumer<Unfavourited>
{
    public async Task Consume(ConsumeContext<Unfavourited> context)
    {
        var unfavourited = context.Message;
        if (unfavourited.TargetKind != "product") return;
        await using var connection = await dataSource.OpenConnectionAsync(context.CancellationToken);
        await Signals.ForgetAsync(connection, unfavourited.UserId, Signals.Favourite, Signals.Favourite, unfavourited.TargetId);
    }
}

/// <summary>Who follows whom, users only: "friends bought" reads it. Social announces only changes, so an upsert suffices.</summary>
public sealed class FollowedConsumer(NpgsqlDataSource dataSource) : IConsumer<Followed>
{
    public async Task Consume(ConsumeContext<Followed> context)
    {
        var followed = context.Message;
        if (followed.TargetKind != "user") return;
        await using var connection = await dataSource.OpenConnectionAsync(context.CancellationToken);
        await connection.ExecuteAsync(
            $"""
            {ErasedUsers.LockShared("ARRAY[@FollowerId, @TargetId]")};
            INSERT INTO follows (follower_id, target_id, followed_at)
            SELECT @FollowerId, @TargetId, @at WHERE {ErasedUsers.NoneErasedSince("ARRAY[@FollowerId, @TargetId]", "@at")}
            ON CONFLICT DO NOTHING
            """,
            new { followed.FollowerId, followed.TargetId, at = followed.FollowedAt.ToUniversalTime() });
    }
}

public sealed class UnfollowedConsumer(NpgsqlDataSource dataSource) : IConsumer<Unfollowed>
{
    public async Task Consume(ConsumeContext<Unfollowed> context)
    {
        var unfollowed = context.Message;
        if (unfollowed.TargetKind != "user") return;
        await using var connection = await dataSource.OpenConnectionAsync(context.CancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(context.CancellationToken);
        await UserCandidates.LockAsync(connection, transaction);
        // Friends-bought is precomputed: the follower's goes now (what other friends bought comes back with the next run).
        await connection.ExecuteAsync(
            """
            DELETE FROM follows WHERE follower_id = @FollowerId AND target_id = @TargetId AND followed_at <= @at;
            DELETE FROM user_candidates WHERE user_id = @FollowerId AND source = @FriendsBought;
            INSERT INTO serving_changes (user_id) VALUES (@FollowerId);
            """,
            new { unfollowed.FollowerId, unfollowed.TargetId, at = unfollowed.UnfollowedAt.ToUniversalTime(), UserCandidates.FriendsBought }, transaction);
        await transaction.CommitAsync(context.CancellationToken);
    }
}
