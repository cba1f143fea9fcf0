using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace SocialCommerce.Web.Account;

/// <summary>
/// The browser's session: an encrypted, HttpOnly cookie holding identity's tokens (docs/decisions/0006). An access token
/// within <see cref="WebOptions.RefreshAhead"/> of expiring is refreshed before the request goes on; a refused refresh ends
/// the session.
/// </summary>
public static class WebSession
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string CookieName = "sc_session";

    public static IHostApplicationBuilder AddWebSession(this IHostApplicationBuilder builder)
    {
        KeyRing.Configure(builder);

        // Replaces the bearer default of the service defaults: pages authenticate by cookie, the API by the tokens inside.
        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = Scheme;
                options.DefaultAuthenticateScheme = Scheme;
                options.DefaultChallengeScheme = Scheme;
            })
            .AddCookie(Scheme, options =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = "/account/sign-in";
                options.AccessDeniedPath = "/account/forbidden";
                options.ReturnUrlParameter = "returnUrl";
                // As long as identity's refresh tokens live; the refresh decides whether the session is still good.
                options.ExpireTimeSpan = TimeSpan.FromDays(30);
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = RefreshIfExpiringAsync;
            });
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddMemoryCache();
        builder.Services.AddScoped<TokenRefresher>();
        return builder;
    }

    public static async Task SignInAsync(HttpContext context, SessionTokens tokens)
    {
        var properties = new AuthenticationProperties { IsPersistent = true };
        tokens.WriteTo(properties);
        await context.SignInAsync(Scheme, tokens.ToPrincipal(Scheme), properties);
    }

    private static async Task RefreshIfExpiringAsync(CookieValidatePrincipalContext context)
    {
        var time = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        if (SessionTokens.Read(context.Properties) is not { } tokens)
        {
            context.RejectPrincipal();
            return;
        }

        var refreshAhead = context.HttpContext.RequestServices.GetRequiredService<IOptions<WebOptions>>().Value.RefreshAhead;
        if (tokens.ExpiresAt - time.GetUtcNow() > refreshAhead) return;
        var refresher = context.HttpContext.RequestServices.GetRequiredService<TokenRefresher>();
        var (result, next) = await refresher.RefreshAsync(tokens, context.HttpContext.RequestAborted);
        switch (result)
        {
            case RefreshResult.Refreshed:
                next!.WriteTo(context.Properties);
                context.ReplacePrincipal(next.ToPrincipal(Scheme));
                context.ShouldRenew = true;
                break;
            case RefreshResult.Refused:
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(Scheme);
                break;
            // Identity unreachable for a moment: keep the session; the API answers 401 if the old token has run out.
            case RefreshResult.Unavailable:
                break;
        }
    }
}
