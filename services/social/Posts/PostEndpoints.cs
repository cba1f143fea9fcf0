using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;
using SocialCommerce.Social.Directory;
using SocialCommerce.Social.Groups;

namespace SocialCommerce.Social.Posts;

public sealed record PostAccepted(Guid PostId, int Revision, string Status);

/// <summary>Writing, editing, deleting and reading posts (api.md, social table).</summary>
public static class PostEndpoints
{
    private const string NotFoundTitle = "The post does not exist.";

    public static RouteGroupBuilder MapPostEndpoints(this RouteGroupBuilder social)
    {
        var posts = social.MapGroup("/posts")
            .WithTag("Posts", "Text, photos and product tags; every revision is moderated, others see the newest approved one.");
        posts.MapPost("/", Create).RequireAuthorization(Policies.User).WithSummary("Write a post (published once moderation approves it)")
            .ProducesConflict("group-not-published")
            .WithRequestExample(new
            {
                text = "入手了这款明前龙井，包装很用心，回甘明显。",
                imageUrls = new[] { "https://img.example.com/posts/tea-1.jpg" },
                productIds = new[] { Guid.Parse("0193a6a0-0000-7000-8000-000000000002") },
            });
        posts.MapGet("/{postId:guid}", Get).AllowAnonymous().WithSummary("A post (its author also sees pending and rejected revisions)");
        posts.MapPut("/{postId:guid}", Edit).RequireAuthorization(Policies.User).WithSummary("Edit my post (a new revision through moderation)");
        posts.MapDelete("/{postId:guid}", Delete).RequireAuthorization(Policies.User).WithSummary("Delete my post everywhere");
        social.MapGet("/users/{userId:guid}/posts", ByUser).AllowAnonymous().WithTags("Posts").WithSummary("A person's published posts");
        social.MapGet("/products/{productId:guid}/posts", ByProduct).AllowAnonymous().WithTags("Posts").WithSummary("Published posts that tag a product");
        return social;
    }

    /// <summary>A post written in a group (<c>groupId</c>) needs its author to be a member of the published group.</summary>
    public static async Task<Results<Created<PostAccepted>, ValidationProblem, ProblemHttpResult>> Create(
        PostRequest request, HttpContext context, ProductCards products, PostStore store)
    {
        var validator = PostDraft.Validate(request, out var draft);
        if (validator.IsValid) await CheckOnSaleAsync(draft, products, validator, context.RequestAborted);
        if (!validator.IsValid) return validator.ToProblem();
        var (placement, postId) = await store.WriteAsync(context.User.UserId(), draft, context.RequestAborted);
        return placement switch
        {
            GroupChange.Done => TypedResults.Created($"/api/social/posts/{postId}", new PostAccepted(postId, 1, "pending")),
            GroupChange.NotMember => Problems.Forbidden("Only members of the group may post in it."),
            GroupChange.NotPublished => Problems.Conflict("The group is not published yet.", "group-not-published"),
            _ => Problems.NotFound(GroupEndpoints.NotFoundTitle),
        };
    }

    /// <summary>An edit is a new revision: moderated again, while others keep seeing the last approved one.</summary>
    public static async Task<Results<Ok<PostAccepted>, ValidationProblem, ProblemHttpResult>> Edit(
        Guid postId, PostRequest request, HttpContext context, ProductCards products, PostStore store)
    {
        var validator = PostDraft.Validate(request, out var draft);
        if (validator.IsValid) await CheckOnSaleAsync(draft, products, validator, context.RequestAborted);
        if (!validator.IsValid) return validator.ToProblem();
        var (change, revision) = await store.EditAsync(postId, context.User.UserId(), draft, context.RequestAborted);
        return change switch
        {
            PostChange.Done => TypedResults.Ok(new PostAccepted(postId, revision, "pending")),
            PostChange.NotYours => Problems.Forbidden("Only the author may edit a post."),
            _ => Problems.NotFound(NotFoundTitle),
        };
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid postId, HttpContext context, PostStore store) =>
        await store.DeleteAsync(postId, context.User.UserId(), context.RequestAborted) switch
        {
            PostChange.Done => TypedResults.NoContent(),
            PostChange.NotYours => Problems.Forbidden("Only the author may delete a post."),
            _ => Problems.NotFound(NotFoundTitle),
        };

    public static async Task<Results<Ok<PostView>, ProblemHttpResult>> Get(
        Guid postId, HttpContext context, NpgsqlDataSource dataSource, PostViews views)
    {
        await using var connection = await dataSource.OpenConnectionAsync(context.RequestAborted);
        var found = await views.LoadAsync(connection, [postId], Viewer(context), context.RequestAborted);
        return found.Count == 1 ? TypedResults.Ok(found[0]) : Problems.NotFound(NotFoundTitle);
    }

    /// <summary>Newest first; the author also sees their pending and rejected posts.</summary>
    public static async Task<Results<Ok<Page<PostView>>, ValidationProblem>> ByUser(
        Guid userId, int? limit, string? cursor, HttpContext context, NpgsqlDataSource dataSource, PostViews views)
    {
        var validator = PageCursor.Validate(limit, cursor, out var position);
        if (!validator.IsValid) return validator.ToProblem();
        var viewer = Viewer(context);
        var before = position ?? PageCursor.Newest;
        await using var connection = await dataSource.OpenConnectionAsync(context.RequestAborted);
        var page = (await connection.QueryAsync<(Guid Id, DateTime CreatedAt)>(
            """
            SELECT id, created_at FROM posts
            WHERE author_id = @userId AND deleted_at IS NULL AND (published_revision IS NOT NULL OR author_id = @viewer)
              AND (created_at, id) < (@at, @id)
            ORDER BY created_at DESC, id DESC LIMIT @limit
            """,
            new { userId, viewer = viewer ?? Guid.Empty, at = before.At, id = before.Id, limit = limit ?? PageCursor.DefaultLimit })).ToList();
        var items = await views.LoadAsync(connection, page.Select(row => row.Id).ToList(), viewer, context.RequestAborted);
        return TypedResults.Ok(new Page<PostView>(items,
            page.Count == (limit ?? PageCursor.DefaultLimit) ? new PageCursor(page[^1].CreatedAt, page[^1].Id).Encode() : null));
    }

    /// <summary>Published posts whose published revision tags the product, newest first.</summary>
    public static async Task<Results<Ok<Page<PostView>>, ValidationProblem>> ByProduct(
        Guid productId, int? limit, string? cursor, HttpContext context, NpgsqlDataSource dataSource, PostViews views)
    {
        var validator = PageCursor.Validate(limit, cursor, out var position);
        if (!validator.IsValid) return validator.ToProblem();
        var before = position ?? PageCursor.Newest;
        await using var connection = await dataSource.OpenConnectionAsync(context.RequestAborted);
        var page = (await connection.QueryAsync<(Guid PostId, DateTime PublishedAt)>(
            """
            SELECT post_id, published_at FROM post_products
            WHERE product_id = @productId AND (published_at, post_id) < (@at, @id)
            ORDER BY published_at DESC, post_id DESC LIMIT @limit
            """,
            new { productId, at = before.At, id = before.Id, limit = limit ?? PageCursor.DefaultLimit })).ToList();
        // Published posts only, whoever asks (the author included).
        var items = await views.LoadAsync(connection, page.Select(row => row.PostId).ToList(), Viewer(context), context.RequestAborted,
            publishedOnly: true);
        return TypedResults.Ok(new Page<PostView>(items,
            page.Count == (limit ?? PageCursor.DefaultLimit) ? new PageCursor(page[^1].PublishedAt, page[^1].PostId).Encode() : null));
    }

    public static Guid? Viewer(HttpContext context) => context.User.Identity?.IsAuthenticated == true ? context.User.UserId() : null;

    /// <summary>Only products on sale may be tagged; catalog says which.</summary>
    private static async Task CheckOnSaleAsync(PostDraft draft, ProductCards products, Validator validator, CancellationToken cancellationToken)
    {
        var cards = await products.FetchAsync(draft.ProductIds, cancellationToken);
        foreach (var id in draft.ProductIds.Where(id => !cards.TryGetValue(id, out var card) || !card.Listed))
        {
            validator.Add("productIds", $"{id} is not a product on sale");
        }
    }
}
