using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.JsonWebTokens;
using SocialCommerce.ApiClient.Identity.Models;
using SocialCommerce.ServiceDefaults.Auth;

namespace SocialCommerce.Web.Account;

/// <summary>
/// The identity tokens a session holds, kept in the encrypted session cookie's properties and never sent to the
/// browser in readable form (docs/decisions/0006).
/// </summary>
public sealed record SessionTokens(string AccessToken, string RefreshToken, DateTimeOffset ExpiresAt)
{
    private const string Access = "access_token";
    private const string Refresh = "refresh_token";
    private const string Expires = "expires_at";

    public static SessionTokens From(TokenPair pair, DateTimeOffset now) => new(
        pair.AccessToken ?? throw new InvalidOperationException("identity answered without an access token"),
        pair.RefreshToken ?? throw new InvalidOperationException("identity answered without a refresh token"),
        now.AddSeconds(pair.ExpiresIn ?? 0));

    public static SessionTokens? Read(AuthenticationProperties properties) =>
        properties.GetTokenValue(Access) is { } access && properties.GetTokenValue(Refresh) is { } refresh
            && DateTimeOffset.TryParse(properties.GetTokenValue(Expires), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expires)
            ? new SessionTokens(access, refresh, expires)
            : null;

    public void WriteTo(AuthenticationProperties properties) => properties.StoreTokens(
    [
        new AuthenticationToken { Name = Access, Value = AccessToken },
        new AuthenticationToken { Name = Refresh, Value = RefreshToken },
        new AuthenticationToken { Name = Expires, Value = ExpiresAt.ToString("o", CultureInfo.InvariantCulture) },
    ]);

    /// <summary>
    /// The user as the access token describes them. The token came straight from identity over our own connection, so
    /// its claims are read, not validated: every service behind the gateway validates it on each call anyway.
    /// </summary>
    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var token = new JsonWebToken(AccessToken);
        var claims = token.Claims.Where(claim => claim.Type is TokenClaims.Subject or TokenClaims.Role)
            .Select(claim => new Claim(claim.Type, claim.Value));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, TokenClaims.Subject, TokenClaims.Role));
    }
}
