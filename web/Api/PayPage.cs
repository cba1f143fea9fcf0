namespace SocialCommerce.Web.Api;

public static class PayPage
{
    /// <summary>
    /// The provider's pay page, told where to send the shopper back to (a page of ours on the public address), as a real
    /// provider's return URL does. Without a pay link (nothing to pay) the shopper goes straight there.
    /// </summary>
    public static string Link(string? payUrl, string returnPath, WebOptions options) =>
        payUrl is null
            ? returnPath
            : Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(payUrl, "return", options.PublicUrl.TrimEnd('/') + returnPath);
}
