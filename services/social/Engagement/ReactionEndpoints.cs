using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;
using SocialCommerce.Social.Directory;
using SocialCommerce.Social.Posts;

namespace SocialCommerce.Social.Engagement;

/// <summary>An entry of GET /me/favourites: a post or a product, whichever <see cref="Kind"/> says.</summary>
public sealed record FavouriteView(string Kind, DateTime FavouritedAt, PostView? Post, ProductView? Product);

/// <summary>Likes and favourites: PUT adds, DELETE removes, both idempotent (204 either way).</summary>
public static class ReactionEndpoints
{
    public static RouteGroupBuilder MapReactionEndpoints(this RouteGroupBuilder social)
    {
        var reactions = social.MapGroup("/").RequireAuthorization(Policies.User)
            .WithTag("Likes and favourites", "Idempotent PUT/DELETE: liking twice is one like; counts are exact.");
        reactions.MapPut("/posts/{postId:guid}/like", (Guid postId, HttpContext context, Reactions store) =>
            Answer(store.LikeAsync(postId, context.User.UserId(), context.RequestAborted)))
            .WithName("likePost").WithSummary("Like a post").ProducesConflict("not-published");
        reactions.MapDelete("/posts/{postId:guid}/like", (Guid postId, HttpContext context, Reactions store) =>
            Answer(store.UnlikeAsync(postId, context.User.UserId(), context.RequestAborted)))
            .WithName("unlikePost").WithSummary("Take back my like");
        reactions.MapPut("/posts/{postId:guid}/favourite", (Guid postId, HttpContext context, Reactions store) =>
            Answer(store.FavouriteAsync(postId, context.User.UserId(), context.RequestAborted)))
            .WithName("favouritePost").WithSummary("Favourite a post").ProducesConflict("not-published");
        reactions.MapDelete("/posts/{postId:guid}/favourite", (Guid postId, HttpContext context, Reactions store) =>
            Answer(store.UnfavouriteAsync(postId, context.User.UserId(), context.RequestAborted)))
            .WithName("unfavouritePost").WithSummary("Remove a post from my favourites");
        reactions.MapPut("/products/{productId:guid}/favourite", FavouriteProduct)
            .WithName("favouriteProduct").WithSummary("Favourite a product").ProducesConflict("not-on-sale");
        reactions.MapDelete("/products/{productId:guid}/favourite", (Guid productId, HttpContext context, Reactions store) =>
            Answer(store.ChangeProductFavouriteAsync(productId, context.User.UserId(), add: false, context.RequestAborted)))
            .WithName("unfavouriteProduct").WithSummary("Remove a product from my favourites");
        reactions.MapGet("/me/favourites", Favourites).WithSummary("My favourite posts and products, newest first");
        return social;
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> FavouriteProduct(
        Guid productId, HttpContext context, ProductCards products, Reactions store)
    {
        var cards = await products.FetchAsync([productId], context.RequestAborted);
        if (!cards.TryGetValue(productId, out var card)) return Problems.NotFound("The product does not exist.");
        if (!card.Listed) return Problems.Conflict("The product is not on sale.", "not-on-sale");
        return await Answer(store.ChangeProductFavouriteAsync(productId, context.User.UserId(), add: true, context.RequestAborted));
    }

    /// <summary>Newest first; a favourited post that was deleted since is left out, a product off sale shows as unavailable.</summary>
    public static async Task<Results<Ok<Page<FavouriteView>>, ValidationProblem>> Favourites(
        int? limit, string? cursor, HttpContext context, NpgsqlDataSource dataSource, PostViews views)
    {
        var validator = PageCursor.Validate(limit, cursor, out var position);
        if (!validator.IsValid) return validator.ToProblem();
        var before = position ?? PageCursor.Newest;
        var size = limit ?? PageCursor.DefaultLimit;
        var userId = context.User.UserId();
        await using var connection = await dataSource.OpenConnectionAsync(context.RequestAborted);
        var rows = (await connection.QueryAsync<(string Kind, Guid TargetId, DateTime FavouritedAt)>(
            """
            SELECT target_kind, target_id, favourited_at FROM favourites
            WHERE user_id = @userId AND (favourited_at, target_id) < (@at, @id)
            ORDER BY favourited_at DESC, target_id DESC LIMIT @size
            """,
            new { userId, at = before.At, id = before.Id, size })).ToList();
        var posts = (await views.LoadAsync(connection, rows.Where(row => row.Kind == "post").Select(row => row.TargetId).ToList(), userId,
            context.RequestAborted)).ToDictionary(post => post.PostId);
        var products = await ProductCards.LoadAsync(connection, rows.Where(row => row.Kind == "product").Select(row => row.TargetId).ToList());
        var items = rows
            .Select(row => new FavouriteView(row.Kind, row.FavouritedAt, posts.GetValueOrDefault(row.TargetId), products.GetValueOrDefault(row.TargetId)))
            .Where(item => item.Post is not null || item.Product is not null)
            .ToList();
        return TypedResults.Ok(new Page<FavouriteView>(items,
            rows.Count == size ? new PageCursor(rows[^1].FavouritedAt, rows[^1].TargetId).Encode() : null));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Answer(Task<ReactionOutcome> change) => await change switch
    {
        ReactionOutcome.NotFound => Problems.NotFound("The post does not exist."),
        ReactionOutcome.NotPublished => Problems.Conflict("The post is not published yet.", "not-published"),
        _ => TypedResults.NoContent(),
    };
}
