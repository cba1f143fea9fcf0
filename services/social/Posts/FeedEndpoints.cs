using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.Social.Feed;

namespace SocialCommerce.Social.Posts;

/// <summary>GET /feed: the posts of the users and shops the caller follows, newest first (<see cref="FeedRows.PageAsync"/>).</summary>
public static class FeedEndpoints
{
    public static RouteGroupBuilder MapFeedEndpoints(this RouteGroupBuilder social)
    {
        social.MapGet("/feed", Read).RequireAuthorization(Policies.User).WithTag("Feed", "Posts of the people and shops you follow, newest first, paged with a cursor.")
            .WithSummary("My following feed");
        return social;
    }

    public static async Task<Results<Ok<Page<PostView>>, ValidationProblem>> Read(
        int? limit, string? cursor, HttpContext context, NpgsqlDataSource dataSource, PostViews views, SocialMetrics metrics)
    {
        var validator = PageCursor.Validate(limit, cursor, out var position);
        if (!validator.IsValid) return validator.ToProblem();
        var started = Stopwatch.GetTimestamp();
        var userId = context.User.UserId();
        var size = limit ?? PageCursor.DefaultLimit;
        await using var connection = await dataSource.OpenConnectionAsync(context.RequestAborted);
        var page = await FeedRows.PageAsync(connection, userId, position ?? PageCursor.Newest, size);
        // As others see them: the caller's own posts are not in their feed, so nothing here is theirs to see pending.
        var items = await views.LoadAsync(connection, page.Select(item => item.PostId).ToList(), userId, context.RequestAborted);
        metrics.FeedRead(Stopwatch.GetElapsedTime(started));
        return TypedResults.Ok(new Page<PostView>(items,
            page.Count == size ? new PageCursor(page[^1].PublishedAt, page[^1].PostId).Encode() : null));
    }
}
