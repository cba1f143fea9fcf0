namespace SocialCommerce.Web.Account;

public static class LocalUrl
{
    /// <summary>
    /// A path on this site, or "/": a returnUrl pointing elsewhere (<c>https://evil</c>, <c>//evil</c>, <c>/\evil</c>)
    /// would turn the sign-in page into an open redirect.
    /// </summary>
    public static string OrHome(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";
}
