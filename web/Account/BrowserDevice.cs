using System.Security.Cryptography;

namespace SocialCommerce.Web.Account;

/// <summary>
/// A browser's install id, the web's counterpart of the X-Device-Id header the apps send: a random value in a long-lived
/// cookie, passed on to the API so referral's anti-fraud checks (many accounts from one device) see browsers as apps.
/// It identifies the browser, not the person, and is no credential.
/// </summary>
public static class BrowserDevice
{
    public const string Cookie = "sc_device";
    private const string ItemKey = "sc_device";

    public static Task AssignAsync(HttpContext context, Func<Task> next)
    {
        var id = context.Request.Cookies[Cookie];
        if (id is not { Length: >= 16 and <= 64 })
        {
            id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            context.Response.Cookies.Append(Cookie, id, new CookieOptions
            {
                MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true,
                Secure = context.Request.IsHttps,
            });
        }

        context.Items[ItemKey] = id;
        return next();
    }

    public static string? Of(HttpContext context) => context.Items[ItemKey] as string;
}
