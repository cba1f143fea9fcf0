using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;
using SocialCommerce.Social.Posts;

namespace SocialCommerce.Social.Groups;

/// <summary>
/// A group's page of posts and the owner taking a post out of it. Members write into a group through POST /posts with a
/// <c>groupId</c> (<see cref="PostEndpoints.Create"/>).
/// </summary>
public static class GroupPostEndpoints
{
    public static RouteGroupBuilder MapGroupPostEndpoints(this RouteGroupBuilder social)
    {
        social.MapGet("/groups/{groupId:guid}/posts", List).AllowAnonymous().WithTags("Groups").WithName("groupPosts")
            .WithSummary("A group's published posts, newest first");
        social.MapDelete("/groups/{groupId:guid}/posts/{postId:guid}", Remove).RequireAuthorization(Policies.User).WithTags("Groups")
            .WithName("removeGroupPost").WithSummary("Take a post out of my group (it stays on its author's profile)");
        return social;
    }

    /// <summary>Published posts placed in the group and not taken out of it, whoever asks (the authors included).</summary>
    public static async Task<Results<Ok<Page<PostView>>, ValidationProblem, ProblemHttpResult>> List(
        Guid groupId, int? limit, string? cursor, HttpContext context, NpgsqlDataSource dataSource, PostViews views)
    {
        var validator = PageCursor.Validate(limit, cursor, out var position);
        if (!validator.IsValid) return validator.ToProblem();
        var viewer = PostEndpoints.Viewer(context);
        var before = position ?? PageCursor.Newest;
        var size = limit ?? PageCursor.DefaultLimit;
        await using var connection = await dataSource.OpenConnectionAsync(context.RequestAborted);
        var visible = await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM groups WHERE id = @groupId AND (status = 'published' OR owner_id = @viewer))",
            new { groupId, viewer = viewer ?? Guid.Empty });
        if (!visible) return Problems.NotFound(GroupEndpoints.NotFoundTitle);
        var page = (await connection.QueryAsync<(Guid PostId, DateTime PublishedAt)>(
            """
            SELECT id, published_at FROM posts
            WHERE group_id = @groupId AND removed_from_group_at IS NULL AND deleted_at IS NULL AND published_revision IS NOT NULL
              AND (published_at, id) < (@at, @id)
            ORDER BY published_at DESC, id DESC LIMIT @size
            """,
            new { groupId, at = before.At, id = before.Id, size })).ToList();
        var items = await views.LoadAsync(connection, page.Select(row => row.PostId).ToList(), viewer, context.RequestAborted, publishedOnly: true);
        return TypedResults.Ok(new Page<PostView>(items,
            page.Count == size ? new PageCursor(page[^1].PublishedAt, page[^1].PostId).Encode() : null));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Remove(Guid groupId, Guid postId, HttpContext context, GroupStore store) =>
        await store.RemovePostAsync(groupId, postId, context.User.UserId(), context.RequestAborted) switch
        {
            GroupChange.Done => TypedResults.NoContent(),
            GroupChange.NotOwner => Problems.Forbidden("Only the group's owner may take posts out of it."),
            GroupChange.PostNotFound => Problems.NotFound("The post is not in this group."),
            _ => Problems.NotFound(GroupEndpoints.NotFoundTitle),
        };
}
