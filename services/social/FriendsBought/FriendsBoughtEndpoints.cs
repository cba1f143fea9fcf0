using Dapper;
using Npgsql;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.Social.Directory;

namespace SocialCommerce.Social.FriendsBought;

public sealed record FriendView(Guid UserId, string Nickname, string? AvatarUrl);

public sealed record FriendsBoughtView(long Count, IReadOnlyList<FriendView> Sample);

/// <summary>
/// "Friends bought": the people the caller follows who paid for the product and whose social-proof consent is on.
/// Nobody without that consent is ever counted or shown; shops followed do not count (they sell, not buy).
/// </summary>
public static class FriendsBoughtEndpoints
{
    public const int SampleSize = 5;

    public static RouteGroupBuilder MapFriendsBoughtEndpoints(this RouteGroupBuilder social)
    {
        social.MapGet("/products/{productId:guid}/friends-bought", FriendsBought).RequireAuthorization(Policies.User)
            .WithTag("Friends bought", "People you follow who bought a product and let their followers see it (social-proof consent).")
            .WithName("friendsBought").WithSummary("People I follow who bought this product");
        return social;
    }

    public static async Task<FriendsBoughtView> FriendsBought(Guid productId, HttpContext context, NpgsqlDataSource dataSource, UserCards users)
    {
        await using var connection = await dataSource.OpenConnectionAsync(context.RequestAborted);
        var friends = (await connection.QueryAsync<(Guid UserId, long Count)>(
            """
            SELECT p.user_id, count(*) OVER () AS count
            FROM follows f
            JOIN purchases p ON p.product_id = @productId AND p.user_id = f.target_id
            JOIN social_proof_consents c ON c.user_id = p.user_id AND c.consented
            WHERE f.follower_id = @me AND f.target_kind = 'user'
            ORDER BY p.paid_at DESC
            LIMIT @SampleSize
            """,
            new { productId, me = context.User.UserId(), SampleSize })).ToList();
        if (friends.Count == 0) return new FriendsBoughtView(0, []);

        var cards = await users.ForDisplayAsync(friends.Select(friend => friend.UserId), context.RequestAborted);
        var sample = friends.Select(friend => cards.TryGetValue(friend.UserId, out var card) ? card : PersonCard.Unknown(friend.UserId))
            .Where(card => !card.Erased)
            .Select(card => new FriendView(card.UserId, card.Nickname, card.AvatarUrl))
            .ToList();
        return new FriendsBoughtView(friends[0].Count, sample);
    }
}
