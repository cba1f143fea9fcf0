using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.ReferralCommission.Rules;
using SocialCommerce.ServiceDefaults.Auth;

namespace SocialCommerce.ReferralCommission.Codes;

public sealed record InviteCode(string Code, string ShareUrl);

/// <summary>
/// A user's code and share link, and the share link itself: <c>/s/{code}</c> (through the gateway, anonymous) remembers the
/// code in a cookie for the binding days, which the web client carries onto sign-up and orders, and redirects to the product
/// (<c>?p={productId}</c>) or the home page.
/// </summary>
public static class CodeEndpoints
{
    public const string AttributionCookie = "sc_ref";

    public static RouteGroupBuilder MapCodeEndpoints(this RouteGroupBuilder referral)
    {
        referral.MapGet("/me/code", Mine).WithSummary("My referral code and share link")
            .WithTag("Invite codes", "A shopper's own referral code and the share links (/s/{code}) that carry it.");
        return referral;
    }

    public static WebApplication MapShareLinks(this WebApplication app)
    {
        app.MapGet("/s/{code}", Follow).AllowAnonymous().WithTags("Invite codes")
            .WithSummary("Open a share link: remembers the code in a cookie, redirects to the product (?p=) or home");
        return app;
    }

    public static async Task<Ok<InviteCode>> Mine(HttpContext context, NpgsqlDataSource dataSource, IOptions<ReferralOptions> options, TimeProvider time)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var code = await InviteCodes.GetOrCreateAsync(connection, context.User.UserId(), time.GetUtcNow());
        return TypedResults.Ok(new InviteCode(code, $"{options.Value.PublicUrl.TrimEnd('/')}/s/{code}"));
    }

    /// <remarks>A link is followed by anyone, so nothing in it is refused: an unknown code or product just leads home.</remarks>
    public static async Task<RedirectHttpResult> Follow(
        string code, string? p, HttpContext context, NpgsqlDataSource dataSource, ReferralMetrics metrics, TimeProvider time)
    {
        var target = Guid.TryParse(p, out var productId) ? $"/products/{productId}" : "/";
        await using var connection = await dataSource.OpenConnectionAsync();
        if (code.Length <= 16 && await InviteCodes.OwnerAsync(connection, code) is not null)
        {
            var rules = await CommissionRules.InForceAsync(connection, time.GetUtcNow());
            context.Response.Cookies.Append(AttributionCookie, code.ToUpperInvariant(), new CookieOptions
            {
                MaxAge = TimeSpan.FromDays(rules.Rules.BindingDays), Path = "/", SameSite = SameSiteMode.Lax, IsEssential = true,
            });
            metrics.ShareLinkFollowed();
        }

        return TypedResults.Redirect(target);
    }
}
