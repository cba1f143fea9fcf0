using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.Social.Directory;

namespace SocialCommerce.Social.Reviews;

/// <summary>A reviewer as the public sees them: a masked nickname (小***红) and the avatar, never a link to the profile.</summary>
public sealed record ReviewAuthor(string Nickname, string? AvatarUrl);

public sealed record FollowUpView(string Text, string[] ImageUrls, DateTimeOffset CreatedAt, int DaysAfterReview);

public sealed record ReviewView(
    Guid ReviewId, ReviewAuthor Author, int Rating, string Text, string[] ImageUrls, FollowUpView? FollowUp, bool VerifiedPurchase,
    bool Refunded, DateTimeOffset CreatedAt);

public sealed record ReviewPage(ReviewSummary Summary, IReadOnlyList<ReviewView> Items, string? NextCursor);

public sealed record MyFollowUp(Guid FollowUpId, string Text, string[] ImageUrls, string Status, string[] Reasons, Guid? CaseId, DateTimeOffset CreatedAt);

public sealed record MyReview(
    Guid ReviewId, Guid ProductId, Guid OrderId, int Rating, string Text, string[] ImageUrls, string Status, string[] Reasons, Guid? CaseId,
    bool Refunded, DateTimeOffset CreatedAt, DateTimeOffset FollowUpUntil, MyFollowUp? FollowUp);

public static class ReviewReads
{
    public static async Task<Results<Ok<ReviewPage>, ValidationProblem>> ForProduct(
        Guid productId, int? limit, string? cursor, HttpContext context, NpgsqlDataSource dataSource, UserCards users)
    {
        var validator = PageCursor.Validate(limit, cursor, out var position);
        if (!validator.IsValid) return validator.ToProblem();
        var before = position ?? PageCursor.Newest;
        var size = limit ?? PageCursor.DefaultLimit;
        await using var connection = await dataSource.OpenConnectionAsync(context.RequestAborted);
        var summary = await ReviewSummaries.ReadAsync(connection, productId);
        var rows = (await connection.QueryAsync<PublicRow>(
            """
            SELECT r.id, r.author_id, r.rating::int AS rating, r.text, r.image_urls, r.refunded, r.created_at,
                   f.text AS follow_up_text, f.image_urls AS follow_up_image_urls, f.created_at AS follow_up_created_at
            FROM reviews r LEFT JOIN review_follow_ups f ON f.review_id = r.id AND f.status = 'published'
            WHERE r.product_id = @productId AND r.status = 'published' AND (r.created_at, r.id) < (@at, @id)
            ORDER BY r.created_at DESC, r.id DESC LIMIT @size
            """,
            new { productId, at = before.At, id = before.Id, size })).ToList();
        var cards = await users.ForDisplayAsync(rows.Select(row => row.AuthorId), context.RequestAborted);
        var items = rows.Select(row =>
        {
            var card = cards.TryGetValue(row.AuthorId, out var found) ? found : PersonCard.Unknown(row.AuthorId);
            var createdAt = Utc(row.CreatedAt);
            var followUp = row.FollowUpCreatedAt is { } at
                ? new FollowUpView(row.FollowUpText!, row.FollowUpImageUrls ?? [], Utc(at), (int)(Utc(at) - createdAt).TotalDays)
                : null;
            return new ReviewView(row.Id, new ReviewAuthor(card.Erased ? card.Nickname : Mask(card.Nickname), card.AvatarUrl), row.Rating,
                row.Text, row.ImageUrls, followUp, VerifiedPurchase: true, row.Refunded, createdAt);
        }).ToList();
        return TypedResults.Ok(new ReviewPage(summary, items,
            rows.Count == size ? new PageCursor(rows[^1].CreatedAt, rows[^1].Id).Encode() : null));
    }

    /// <summary>The caller's reviews in every status, newest first; with <c>orderId</c>, those of that order.</summary>
    public static async Task<Results<Ok<Page<MyReview>>, ValidationProblem>> Mine(
        Guid? orderId, int? limit, string? cursor, HttpContext context, NpgsqlDataSource dataSource)
    {
        var validator = PageCursor.Validate(limit, cursor, out var position);
        if (!validator.IsValid) return validator.ToProblem();
        var before = position ?? PageCursor.Newest;
        var size = limit ?? PageCursor.DefaultLimit;
        await using var connection = await dataSource.OpenConnectionAsync(context.RequestAborted);
        var rows = (await connection.QueryAsync<MineRow>(
            """
            SELECT r.id, r.product_id, r.order_id, r.rating::int AS rating, r.text, r.image_urls, r.status, r.reasons, r.case_id, r.refunded, r.created_at,
                   f.id AS follow_up_id, f.text AS follow_up_text, f.image_urls AS follow_up_image_urls, f.status AS follow_up_status,
                   f.reasons AS follow_up_reasons, f.case_id AS follow_up_case_id, f.created_at AS follow_up_created_at
            FROM reviews r LEFT JOIN review_follow_ups f ON f.review_id = r.id
            WHERE r.author_id = @me AND (@orderId::uuid IS NULL OR r.order_id = @orderId) AND (r.created_at, r.id) < (@at, @id)
            ORDER BY r.created_at DESC, r.id DESC LIMIT @size
            """,
            new { me = context.User.UserId(), orderId, at = before.At, id = before.Id, size })).ToList();
        var items = rows.Select(row => new MyReview(row.Id, row.ProductId, row.OrderId, row.Rating, row.Text, row.ImageUrls, row.Status,
            row.Reasons, row.CaseId, row.Refunded, Utc(row.CreatedAt), Utc(row.CreatedAt) + ReviewStore.FollowUpWindow,
            row.FollowUpId is { } followUpId
                ? new MyFollowUp(followUpId, row.FollowUpText!, row.FollowUpImageUrls ?? [], row.FollowUpStatus!, row.FollowUpReasons ?? [],
                    row.FollowUpCaseId, Utc(row.FollowUpCreatedAt!.Value))
                : null)).ToList();
        return TypedResults.Ok(new Page<MyReview>(items, rows.Count == size ? new PageCursor(rows[^1].CreatedAt, rows[^1].Id).Encode() : null));
    }

    /// <summary>
    /// First and last character around three stars (茶***明); a name of two characters or fewer keeps only its first (小***),
    /// as first and last would be the whole name. Counted in text elements, so an emoji is never cut in half.
    /// </summary>
    public static string Mask(string nickname)
    {
        var text = new StringInfo(nickname);
        var length = text.LengthInTextElements;
        if (length == 0) return "***";
        return length <= 2
            ? $"{text.SubstringByTextElements(0, 1)}***"
            : $"{text.SubstringByTextElements(0, 1)}***{text.SubstringByTextElements(length - 1, 1)}";
    }

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    // Classes, not records: Dapper offers text[] columns as System.Array, which no constructor signature matches.
    private sealed class PublicRow
    {
        public Guid Id { get; init; }
        public Guid AuthorId { get; init; }
        public int Rating { get; init; }
        public string Text { get; init; } = "";
        public string[] ImageUrls { get; init; } = [];
        public bool Refunded { get; init; }
        public DateTime CreatedAt { get; init; }
        public string? FollowUpText { get; init; }
        public string[]? FollowUpImageUrls { get; init; }
        public DateTime? FollowUpCreatedAt { get; init; }
    }

    private sealed class MineRow
    {
        public Guid Id { get; init; }
        public Guid ProductId { get; init; }
        public Guid OrderId { get; init; }
        public int Rating { get; init; }
        public string Text { get; init; } = "";
        public string[] ImageUrls { get; init; } = [];
        public string Status { get; init; } = "";
        public string[] Reasons { get; init; } = [];
        public Guid? CaseId { get; init; }
        public bool Refunded { get; init; }
        public DateTime CreatedAt { get; init; }
        public Guid? FollowUpId { get; init; }
        public string? FollowUpText { get; init; }
        public string[]? FollowUpImageUrls { get; init; }
        public string? FollowUpStatus { get; init; }
        public string[]? FollowUpReasons { get; init; }
        public Guid? FollowUpCaseId { get; init; }
        public DateTime? FollowUpCreatedAt { get; init; }
    }
}
