using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Social.Posts;

/// <summary>
/// The body of POST and PUT /posts: what a revision says. <see cref="GroupId"/> places a new post in an interest group; it
/// is read when the post is written only (an edit keeps the post where it is).
/// </summary>
public sealed record PostRequest(string? Text, IReadOnlyList<string>? ImageUrls, IReadOnlyList<Guid>? ProductIds, Guid? GroupId = null);

/// <summary>A checked revision: trimmed text, image URLs and distinct product ids in the order given, and the group it is written in.</summary>
public sealed record PostDraft(string Text, string[] ImageUrls, Guid[] ProductIds, Guid? GroupId = null)
{
    public const int MaxTextLength = 2000;
    public const int MaxImages = 9;
    public const int MaxProducts = 10;
    public const int MaxUrlLength = 500;

    /// <summary>Shape checks only; whether the products are on sale is catalog's answer (<see cref="PostEndpoints"/>).</summary>
    public static Validator Validate(PostRequest request, out PostDraft draft)
    {
        var text = request.Text?.Trim() ?? "";
        var images = request.ImageUrls ?? [];
        var products = request.ProductIds ?? [];
        var validator = new Validator()
            .Required("text", text)
            .MaxLength("text", text, MaxTextLength)
            .Check(images.Count <= MaxImages, "imageUrls", $"must hold at most {MaxImages} images")
            .Check(images.All(IsImageUrl), "imageUrls", $"must be absolute http(s) URLs of at most {MaxUrlLength} characters")
            .Check(products.Count <= MaxProducts, "productIds", $"must hold at most {MaxProducts} products")
            .Check(products.All(id => id != Guid.Empty), "productIds", "must be product ids")
            .Check(request.GroupId != Guid.Empty, "groupId", "must be a group id");
        draft = new PostDraft(text, images.Select(url => url.Trim()).ToArray(), products.Distinct().ToArray(), request.GroupId);
        return validator;
    }

    public static bool IsImageUrl(string? url) =>
        url is { Length: > 0 and <= MaxUrlLength }
        && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
