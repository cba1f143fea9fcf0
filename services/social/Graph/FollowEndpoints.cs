using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;
using SocialCommerce.Social.Directory;

namespace SocialCommerce.Social.Graph;

/// <summary>Someone in a followers or following list; a following list also names shops (kind "shop", <see cref="ShopId"/>).</summary>
public sealed record FollowView(string Kind, Guid? UserId, Guid? ShopId, string Nickname, string? AvatarUrl, DateTime FollowedAt);

/// <summary>Following users and shops (PUT follows, DELETE unfollows; both idempotent) and the followers/following lists.</summary>
public static class FollowEndpoints
{
    private const string UnknownUser = "The user does not exist.";

    public static RouteGroupBuilder MapFollowEndpoints(this RouteGroupBuilder social)
    {
        var follows = social.MapGroup("/")
            .WithTag("Follows", "Follow people and shops (idempotent PUT/DELETE); their posts and new listings reach your feed.");
        follows.MapPut("/users/{userId:guid}/follow", FollowUser).RequireAuthorization(Policies.User).WithSummary("Follow a person");
        follows.MapDelete("/users/{userId:guid}/follow", UnfollowUser).RequireAuthorization(Policies.User).WithSummary("Unfollow a person");
        follows.MapPut("/shops/{shopId:guid}/follow", FollowShop).RequireAuthorization(Policies.User).WithSummary("Follow a shop");
        follows.MapDelete("/shops/{shopId:guid}/follow", UnfollowShop).RequireAuthorization(Policies.User).WithSummary("Unfollow a shop");
        follows.MapGet("/users/{userId:guid}/followers", Followers).AllowAnonymous().WithSummary("A person's followers, newest first");
        follows.MapGet("/users/{userId:guid}/following", Following).AllowAnonymous().WithSummary("The people and shops a person follows");
        return social;
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> FollowUser(Guid userId, HttpContext context, UserCards users, FollowStore store)
    {
        var me = context.User.UserId();
        if (userId == me) return Problems.BadRequest("You cannot follow yourself.");
        if (await users.FindAsync(userId, context.RequestAborted) is null) return Problems.NotFound(UnknownUser);
        await store.FollowAsync(me, userId, "user", context.RequestAborted);
        return TypedResults.NoContent();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> UnfollowUser(Guid userId, HttpContext context, UserCards users, FollowStore store)
    {
        if (await store.UnfollowAsync(context.User.UserId(), userId, context.RequestAborted)) return TypedResults.NoContent();
        return userId != context.User.UserId() && await users.FindAsync(userId, context.RequestAborted) is null
            ? Problems.NotFound(UnknownUser)
            : TypedResults.NoContent();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> FollowShop(Guid shopId, HttpContext context, ShopCards shops, FollowStore store)
    {
        if (await shops.FindAsync(shopId, context.RequestAborted) is null) return Problems.NotFound("The shop does not exist.");
        await store.FollowAsync(context.User.UserId(), shopId, "shop", context.RequestAborted);
        return TypedResults.NoContent();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> UnfollowShop(Guid shopId, HttpContext context, ShopCards shops, FollowStore store)
    {
        if (await store.UnfollowAsync(context.User.UserId(), shopId, context.RequestAborted)) return TypedResults.NoContent();
        return await shops.FindAsync(shopId, context.RequestAborted) is null ? Problems.NotFound("The shop does not exist.") : TypedResults.NoContent();
    }

    public static Task<Results<Ok<Page<FollowView>>, ValidationProblem, ProblemHttpResult>> Followers(
        Guid userId, int? limit, string? cursor, HttpContext context, NpgsqlDataSource dataSource, UserCards users, ShopCards shops) =>
        ListAsync(userId, limit, cursor, context, dataSource, users, shops,
            """
            SELECT follower_id AS id, 'user' AS kind, followed_at FROM follows
            WHERE target_id = @userId AND (followed_at, follower_id) < (@at, @id)
            ORDER BY followed_at DESC, follower_id DESC LIMIT @size
            """);

    public static Task<Results<Ok<Page<FollowView>>, ValidationProblem, ProblemHttpResult>> Following(
        Guid userId, int? limit, string? cursor, HttpContext context, NpgsqlDataSource dataSource, UserCards users, ShopCards shops) =>
        ListAsync(userId, limit, cursor, context, dataSource, users, shops,
            """
            SELECT target_id AS id, target_kind AS kind, followed_at FROM follows
            WHERE follower_id = @userId AND (followed_at, target_id) < (@at, @id)
            ORDER BY followed_at DESC, target_id DESC LIMIT @size
            """);

    private static async Task<Results<Ok<Page<FollowView>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        Guid userId, int? limit, string? cursor, HttpContext context, NpgsqlDataSource dataSource, UserCards users, ShopCards shops, string sql)
    {
        var validator = PageCursor.Validate(limit, cursor, out var position);
        if (!validator.IsValid) return validator.ToProblem();
        if (await users.FindAsync(userId, context.RequestAborted) is null) return Problems.NotFound(UnknownUser);
        var before = position ?? PageCursor.Newest;
        var size = limit ?? PageCursor.DefaultLimit;
        await using var connection = await dataSource.OpenConnectionAsync(context.RequestAborted);
        var rows = (await connection.QueryAsync<(Guid Id, string Kind, DateTime FollowedAt)>(sql,
            new { userId, at = before.At, id = before.Id, size })).ToList();
        var people = await users.ForDisplayAsync(rows.Where(row => row.Kind == "user").Select(row => row.Id), context.RequestAborted);
        var shopCards = await shops.ForDisplayAsync(rows.Where(row => row.Kind == "shop").Select(row => row.Id), context.RequestAborted);
        var items = rows.Select(row => row.Kind == "shop"
            ? new FollowView("shop", null, row.Id, shopCards[row.Id].Name, null, row.FollowedAt)
            : new FollowView("user", row.Id, null, people[row.Id].Nickname, people[row.Id].AvatarUrl, row.FollowedAt)).ToList();
        return TypedResults.Ok(new Page<FollowView>(items, rows.Count == size ? new PageCursor(rows[^1].FollowedAt, rows[^1].Id).Encode() : null));
    }
}
