namespace SocialCommerce.Web.Api;

public static class PayPage
{
    /// <summary>
    /// The provider's pay page, told where to send the shopper back to (the order's page on the public address), as a
    /// real provider's return URL does. Without a pay link the shopper goes straight to the order.
    /// </summary>
    public static string Link(string? payUrl, Guid? orderId, WebOptions options)
    {
        var order = $"{options.PublicUrl.TrimEnd('/')}/orders/{orderId}";
        return payUrl is null ? $"/orders/{orderId}" : Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(payUrl, "return", order);
    }
}
