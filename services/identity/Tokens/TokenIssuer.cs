using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SocialCommerce.Identity.Keys;
using SocialCommerce.ServiceDefaults.Auth;

namespace SocialCommerce.Identity.Tokens;

public sealed record TokenPair(string AccessToken, string RefreshToken, int ExpiresIn, string TokenType = "Bearer");

/// <summary>Signs short-lived RS256 access tokens; the roles in them are read fresh at every issue and refresh.</summary>
public sealed class TokenIssuer(KeyMaterial keys, IOptions<IdentityOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler handler = new();

    public (string Token, int ExpiresIn) CreateAccessToken(Guid userId, IEnumerable<string> roles)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var lifetime = TimeSpan.FromMinutes(settings.AccessTokenMinutes);
        var claims = new List<Claim> { new(TokenClaims.Subject, userId.ToString()), new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")) };
        claims.AddRange(roles.Select(role => new Claim(TokenClaims.Role, role)));
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = TokenClaims.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(keys.SigningKey, SecurityAlgorithms.RsaSha256),
        });
        return (token, (int)lifetime.TotalSeconds);
    }

    /// <summary>A token saying which of the platform's services holds it, for the internal audience only.</summary>
    public (string Token, int ExpiresIn) CreateServiceToken(string clientId)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var lifetime = TimeSpan.FromMinutes(settings.ServiceTokenMinutes);
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = ServiceAuth.Audience,
            Subject = new ClaimsIdentity([
                new Claim(TokenClaims.Subject, clientId), new Claim(ServiceAuth.ClientIdClaim, clientId),
                new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N"))]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(keys.SigningKey, SecurityAlgorithms.RsaSha256),
        });
        return (token, (int)lifetime.TotalSeconds);
    }
}
