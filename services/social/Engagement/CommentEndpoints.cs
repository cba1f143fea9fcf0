using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;
using SocialCommerce.Social.Directory;
using SocialCommerce.Social.Posts;

namespace SocialCommerce.Social.Engagement;

public sealed record CommentRequest(string? Text, Guid? ReplyTo);

public sealed record CommentAccepted(Guid CommentId, string Status);

/// <summary>
/// A comment with its replies (a reply's own list is always empty: one level). Others see published comments; the author
/// also sees their pending and rejected ones, with the reasons.
/// </summary>
public sealed record CommentView(
    Guid CommentId, AuthorView Author, string Text, string Status, Guid? ReplyTo, IReadOnlyList<CommentView> Replies, DateTime CreatedAt,
    IReadOnlyList<string>? ModerationReasons, Guid? ModerationCaseId);

public static class CommentEndpoints
{
    public const int MaxTextLength = 500;
    private const int RepliesShown = 50;

    public static RouteGroupBuilder MapCommentEndpoints(this RouteGroupBuilder social)
    {
        var comments = social.MapGroup("/posts/{postId:guid}/comments").WithTag("Comments", "Comments on published posts with one level of replies; moderated before others see them.");
        comments.MapPost("/", Add).RequireAuthorization(Policies.User).WithSummary("Comment on a post, or reply to a comment")
            .ProducesConflict("not-published").WithRequestExample(new { text = "看起来很好喝！", replyTo = (Guid?)null });
        comments.MapGet("/", List).AllowAnonymous().WithSummary("A post's comments with their replies");
        return social;
    }

    public static async Task<Results<Created<CommentAccepted>, ValidationProblem, ProblemHttpResult>> Add(
        Guid postId, CommentRequest request, HttpContext context, CommentStore store)
    {
        var text = request.Text?.Trim();
        var validator = new Validator().Required("text", text).MaxLength("text", text, MaxTextLength);
        if (!validator.IsValid) return validator.ToProblem();
        var (outcome, commentId) = await store.AddAsync(postId, context.User.UserId(), text!, request.ReplyTo, context.RequestAborted);
        switch (outcome)
        {
            case CommentOutcome.Added:
                return TypedResults.Created($"/api/social/posts/{postId}/comments", new CommentAccepted(commentId, "pending"));
            case CommentOutcome.PostNotFound:
                return Problems.NotFound("The post does not exist.");
            case CommentOutcome.PostNotPublished:
                return Problems.Conflict("The post is not published yet.", "not-published");
            case CommentOutcome.ReplyToReply:
                validator.Add("replyTo", "is a reply: replies go one level deep, so reply to the comment it answers");
                return validator.ToProblem();
            default:
                validator.Add("replyTo", "is not a comment on this post");
                return validator.ToProblem();
        }
    }

    /// <summary>Comments oldest first, each with up to 50 replies.</summary>
    public static async Task<Results<Ok<Page<CommentView>>, ValidationProblem, ProblemHttpResult>> List(
        Guid postId, int? limit, string? cursor, HttpContext context, NpgsqlDataSource dataSource, UserCards users)
    {
        var validator = PageCursor.Validate(limit, cursor, out var position);
        if (!validator.IsValid) return validator.ToProblem();
        var viewer = PostEndpoints.Viewer(context) ?? Guid.Empty;
        var size = limit ?? PageCursor.DefaultLimit;
        await using var connection = await dataSource.OpenConnectionAsync(context.RequestAborted);
        var visible = await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM posts WHERE id = @postId AND deleted_at IS NULL AND (published_revision IS NOT NULL OR author_id = @viewer))",
            new { postId, viewer });
        if (!visible) return Problems.NotFound("The post does not exist.");
        var after = position ?? new PageCursor(DateTime.MinValue, Guid.Empty);
        var top = (await connection.QueryAsync<CommentRow>(
            """
            SELECT id, author_id, reply_to, text, status, reasons, case_id, created_at FROM comments
            WHERE post_id = @postId AND reply_to IS NULL AND (status = 'published' OR author_id = @viewer) AND (created_at, id) > (@at, @id)
            ORDER BY created_at, id LIMIT @size
            """,
            new { postId, viewer, at = after.At, id = after.Id, size })).ToList();
        var replies = (await connection.QueryAsync<CommentRow>(
            """
            SELECT id, author_id, reply_to, text, status, reasons, case_id, created_at FROM (
                SELECT *, row_number() OVER (PARTITION BY reply_to ORDER BY created_at, id) AS n FROM comments
                WHERE reply_to = ANY(@parents) AND (status = 'published' OR author_id = @viewer)) r
            WHERE n <= @shown ORDER BY created_at, id
            """,
            new { parents = top.Select(row => row.Id).ToArray(), viewer, shown = RepliesShown })).ToLookup(row => row.ReplyTo);
        var people = await users.ForDisplayAsync(top.Concat(replies.SelectMany(group => group)).Select(row => row.AuthorId), context.RequestAborted);
        CommentView View(CommentRow row, IReadOnlyList<CommentView> children) => new(
            row.Id, PostViews.Author(people[row.AuthorId]), row.Text, row.Status, row.ReplyTo, children, row.CreatedAt,
            row.AuthorId == viewer && row.Reasons.Length > 0 ? row.Reasons : null, row.AuthorId == viewer ? row.CaseId : null);
        var items = top.Select(row => View(row, replies[row.Id].Select(reply => View(reply, [])).ToList())).ToList();
        return TypedResults.Ok(new Page<CommentView>(items, top.Count == size ? new PageCursor(top[^1].CreatedAt, top[^1].Id).Encode() : null));
    }

    // Properties, not a positional record: Npgsql reports array columns as System.Array, which Dapper cannot match to a
    // constructor parameter.
    private sealed record CommentRow
    {
        public Guid Id { get; init; }

        public Guid AuthorId { get; init; }

        public Guid? ReplyTo { get; init; }

        public string Text { get; init; } = "";

        public string Status { get; init; } = "";

        public string[] Reasons { get; init; } = [];

        public Guid? CaseId { get; init; }

        public DateTime CreatedAt { get; init; }
    }
}
