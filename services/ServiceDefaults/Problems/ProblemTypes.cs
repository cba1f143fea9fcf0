namespace SocialCommerce.ServiceDefaults.Problems;

/// <summary>Stable problem <c>type</c> URIs that clients may switch on. Only add; never rename.</summary>
public static class ProblemTypes
{
    private const string Base = "https://socialcommerce.dev/problems/";

    public const string Validation = Base + "validation";
    public const string BadRequest = Base + "bad-request";
    public const string Unauthorized = Base + "unauthorized";
    public const string Forbidden = Base + "forbidden";
    public const string NotFound = Base + "not-found";
    public const string MethodNotAllowed = Base + "method-not-allowed";
    public const string Conflict = Base + "conflict";
    public const string PayloadTooLarge = Base + "payload-too-large";
    public const string UnsupportedMediaType = Base + "unsupported-media-type";
    public const string Unprocessable = Base + "unprocessable";
    public const string TooManyRequests = Base + "too-many-requests";
    public const string Internal = Base + "internal";
    public const string Unavailable = Base + "unavailable";

    /// <summary>Every type above, as the API documents list them.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        Validation, BadRequest, Unauthorized, Forbidden, NotFound, MethodNotAllowed, Conflict, PayloadTooLarge, UnsupportedMediaType,
        Unprocessable, TooManyRequests, Internal, Unavailable,
    ];

    public static string ForStatus(int status) => status switch
    {
        400 => BadRequest,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        422 => Unprocessable,
        429 => TooManyRequests,
        502 or 503 or 504 => Unavailable,
        _ when status >= 500 => Internal,
        _ => Base + status,
    };
}
