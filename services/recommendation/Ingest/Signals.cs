using Dapper;
using Npgsql;
using SocialCommerce.Recommendation.Privacy;

namespace SocialCommerce.Recommendation.Ingest;

/// <summary>
/// The weights of each kind of behaviour (docs/recommendation.md) and the one way they are written. A row is keyed by user,
/// product, kind and source (the order, the post, the hour of a view), so a redelivered event writes the same row and
/// nothing is counted twice; the first time seen is kept. Nothing is written for what a user did before their erasure (<see cref="ErasedUsers"/>).
/// </summary>
public static class Signals
{
    public const string Purchase = "purchase";
    public const string Like = "like";
    public const string Favourite = "favourite";
    public const string View = "view";

    public const float PurchaseWeight = 1f;
    /// <summary>A purchase refunded since: the shopper chose it, and then did not want it.</summary>
    public const float RefundedPurchaseWeight = 0.2f;
    public const float FavouriteWeight = 0.5f;
    public const float LikeWeight = 0.3f;
    public const float ViewWeight = 0.1f;

    /// <summary>The kinds that say what a user chose (views only say what they looked at): co-occurrence and "similar to" use these.</summary>
    public static readonly string[] Choices = [Purchase, Like, Favourite];

    public static Task RecordAsync(
        NpgsqlConnection connection, Guid userId, IEnumerable<Guid> productIds, string kind, string source, float weight, DateTimeOffset at,
        NpgsqlTransaction? transaction = null) =>
        connection.ExecuteAsync(
            $"""
            {ErasedUsers.LockShared("ARRAY[@userId]")};
            INSERT INTO interactions (user_id, product_id, kind, source, weight, at)
            SELECT @userId, product_id, @kind, @source, @weight, @at FROM unnest(@productIds) AS product_id
            WHERE {ErasedUsers.NoneErasedSince("ARRAY[@userId]", "@at")}
            GROUP BY product_id
            ON CONFLICT DO NOTHING
            """,
            new { userId, productIds = productIds.Distinct().ToArray(), kind, source, weight, at = at.ToUniversalTime() }, transaction);

    public static Task ForgetAsync(NpgsqlConnection connection, Guid userId, string kind, string source, Guid? productId = null) =>
        connection.ExecuteAsync(
            "DELETE FROM interactions WHERE user_id = @userId AND kind = @kind AND source = @source AND (@productId::uuid IS NULL OR product_id = @productId)",
            new { userId, kind, source, productId });
}
