using SocialCommerce.ServiceDefaults.Problems;
using SocialCommerce.Social.Posts;

namespace SocialCommerce.Social.Reviews;

/// <summary>The body of POST /products/{productId}/reviews.</summary>
public sealed record ReviewRequest(Guid? OrderId, int? Rating, string? Text, IReadOnlyList<string>? ImageUrls);

/// <summary>The body of POST /reviews/{reviewId}/follow-ups (追评).</summary>
public sealed record FollowUpRequest(string? Text, IReadOnlyList<string>? ImageUrls);

/// <summary>A checked review or follow-up: trimmed text and image URLs; the rating is 0 for a follow-up.</summary>
public sealed record ReviewDraft(Guid OrderId, int Rating, string Text, string[] ImageUrls)
{
    public const int MaxTextLength = 1000;

    public static Validator Validate(ReviewRequest request, out ReviewDraft draft)
    {
        var validator = new Validator()
            .Check(request.OrderId is { } id && id != Guid.Empty, "orderId", "is required: the order the product was bought in")
            .Check(request.Rating is >= 1 and <= 5, "rating", "must be a whole number of stars from 1 to 5");
        CheckContent(validator, request.Text, request.ImageUrls, out var text, out var images);
        draft = new ReviewDraft(request.OrderId ?? Guid.Empty, request.Rating ?? 0, text, images);
        return validator;
    }

    public static Validator Validate(FollowUpRequest request, out ReviewDraft draft)
    {
        var validator = new Validator();
        CheckContent(validator, request.Text, request.ImageUrls, out var text, out var images);
        draft = new ReviewDraft(Guid.Empty, 0, text, images);
        return validator;
    }

    // Photos follow the post rules: at most nine absolute http(s) URLs.
    private static void CheckContent(Validator validator, string? rawText, IReadOnlyList<string>? rawImages, out string text, out string[] images)
    {
        text = rawText?.Trim() ?? "";
        var given = rawImages ?? [];
        validator.Required("text", text).MaxLength("text", text, MaxTextLength)
            .Check(given.Count <= PostDraft.MaxImages, "imageUrls", $"must hold at most {PostDraft.MaxImages} images")
            .Check(given.All(PostDraft.IsImageUrl), "imageUrls", $"must be absolute http(s) URLs of at most {PostDraft.MaxUrlLength} characters");
        images = given.Select(url => url?.Trim() ?? "").ToArray();
    }
}
