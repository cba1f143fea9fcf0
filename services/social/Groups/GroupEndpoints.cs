using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;
using SocialCommerce.Social.Posts;

namespace SocialCommerce.Social.Groups;

public sealed record GroupRequest(string? Name, string? Description);

public sealed record GroupAccepted(Guid GroupId, string Status);

/// <summary>Interest groups (圈子): starting one, the lists, a group's card, joining and leaving (api.md, social table).</summary>
public static class GroupEndpoints
{
    public const int MaxNameLength = 20;
    public const int MaxDescriptionLength = 200;
    public const string NotFoundTitle = "The group does not exist.";

    public static RouteGroupBuilder MapGroupEndpoints(this RouteGroupBuilder social)
    {
        var groups = social.MapGroup("/groups")
            .WithTag("Groups", "Interest groups (圈子): moderated before they are listed; members post in them.");
        groups.MapPost("/", Create).RequireAuthorization(Policies.User).WithName("createGroup")
            .WithSummary("Start an interest group (listed once moderation approves it)").ProducesConflict("name-taken")
            .WithRequestExample(new { name = "喝茶的人", description = "聊聊每天喝的茶：绿茶、岩茶、普洱都欢迎。" });
        groups.MapGet("/", List).AllowAnonymous().WithName("listGroups")
            .WithSummary("Published groups, newest first; ?mine=true: the groups I belong to (my own pending and rejected ones too)");
        groups.MapGet("/{groupId:guid}", Get).AllowAnonymous().WithName("getGroup").WithSummary("A group (its owner also sees it pending or rejected)");
        groups.MapPut("/{groupId:guid}/membership", Join).RequireAuthorization(Policies.User).WithName("joinGroup")
            .WithSummary("Join a group").ProducesConflict("already-member");
        groups.MapDelete("/{groupId:guid}/membership", Leave).RequireAuthorization(Policies.User).WithName("leaveGroup")
            .WithSummary("Leave a group (its owner cannot)").ProducesConflict("owner-cannot-leave");
        return social;
    }

    public static async Task<Results<Created<GroupAccepted>, ValidationProblem, ProblemHttpResult>> Create(
        GroupRequest request, HttpContext context, GroupStore store)
    {
        var name = request.Name?.Trim() ?? "";
        var description = request.Description?.Trim() ?? "";
        var validator = new Validator()
            .Required("name", name)
            .MaxLength("name", name, MaxNameLength)
            .MaxLength("description", description, MaxDescriptionLength);
        if (!validator.IsValid) return validator.ToProblem();
        var groupId = await store.CreateAsync(context.User.UserId(), name, description, context.RequestAborted);
        return groupId is Guid id
            ? TypedResults.Created($"/api/social/groups/{id}", new GroupAccepted(id, "pending"))
            : Problems.Conflict("A group with this name exists already.", "name-taken");
    }

    /// <summary>The public list is the newest groups first; mine is the latest joined first (a founder joined at the start).</summary>
    public static async Task<Results<Ok<Page<GroupView>>, ValidationProblem, ProblemHttpResult>> List(
        int? limit, string? cursor, bool? mine, HttpContext context, NpgsqlDataSource dataSource, GroupViews views)
    {
        var validator = PageCursor.Validate(limit, cursor, out var position);
        if (!validator.IsValid) return validator.ToProblem();
        var viewer = PostEndpoints.Viewer(context);
        if (mine == true && viewer is null) return Problems.Unauthorized("Sign in to list your groups.");
        var before = position ?? PageCursor.Newest;
        var size = limit ?? PageCursor.DefaultLimit;
        await using var connection = await dataSource.OpenConnectionAsync(context.RequestAborted);
        var page = (await connection.QueryAsync<(Guid Id, DateTime At)>(mine == true
                ? """
                  SELECT m.group_id, m.joined_at FROM group_members m JOIN groups g ON g.id = m.group_id
                  WHERE m.user_id = @viewer AND (g.status = 'published' OR g.owner_id = @viewer) AND (m.joined_at, m.group_id) < (@at, @id)
                  ORDER BY m.joined_at DESC, m.group_id DESC LIMIT @size
                  """
                : """
                  SELECT id, created_at FROM groups
                  WHERE status = 'published' AND (created_at, id) < (@at, @id)
                  ORDER BY created_at DESC, id DESC LIMIT @size
                  """,
            new { viewer = viewer ?? Guid.Empty, at = before.At, id = before.Id, size })).ToList();
        var items = await views.LoadAsync(connection, page.Select(row => row.Id).ToList(), viewer, context.RequestAborted);
        return TypedResults.Ok(new Page<GroupView>(items, page.Count == size ? new PageCursor(page[^1].At, page[^1].Id).Encode() : null));
    }

    public static async Task<Results<Ok<GroupView>, ProblemHttpResult>> Get(
        Guid groupId, HttpContext context, NpgsqlDataSource dataSource, GroupViews views)
    {
        await using var connection = await dataSource.OpenConnectionAsync(context.RequestAborted);
        var found = await views.LoadAsync(connection, [groupId], PostEndpoints.Viewer(context), context.RequestAborted);
        return found.Count == 1 ? TypedResults.Ok(found[0]) : Problems.NotFound(NotFoundTitle);
    }

    /// <summary>Joining twice is a mistake the caller should hear about (409), unlike a repeated like.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> Join(Guid groupId, HttpContext context, GroupStore store) =>
        await store.JoinAsync(groupId, context.User.UserId(), context.RequestAborted) switch
        {
            GroupChange.Done => TypedResults.NoContent(),
            GroupChange.AlreadyMember => Problems.Conflict("You are a member of this group already.", "already-member"),
            _ => Problems.NotFound(NotFoundTitle),
        };

    public static async Task<Results<NoContent, ProblemHttpResult>> Leave(Guid groupId, HttpContext context, GroupStore store) =>
        await store.LeaveAsync(groupId, context.User.UserId(), context.RequestAborted) switch
        {
            GroupChange.Done => TypedResults.NoContent(),
            GroupChange.OwnerStays => Problems.Conflict("The owner cannot leave the group.", "owner-cannot-leave"),
            GroupChange.NotMember => Problems.NotFound("You are not a member of this group."),
            _ => Problems.NotFound(NotFoundTitle),
        };
}
