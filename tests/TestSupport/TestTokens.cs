using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace SocialCommerce.TestSupport;

/// <summary>
/// Access tokens for a service tested in-process without identity: same shape (RS256, sub, role, aud) as
/// identity issues, signed by a key the service under test is told to trust. Identity's own issuing is tested
/// in Identity.Tests, and the end-to-end suite uses real identity tokens.
/// </summary>
public sealed class TestTokens
{
    public const string Issuer = "http://identity.test";
    private readonly RsaSecurityKey key = new(RSA.Create(2048)) { KeyId = "test-key" };

    public string For(Guid userId, params string[] roles)
    {
        var claims = new List<Claim> { new("sub", userId.ToString()) };
        claims.AddRange(roles.Prepend("shopper").Distinct().Select(role => new Claim("role", role)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = "socialcommerce",
            Subject = new ClaimsIdentity(claims),
            Expires = DateTime.UtcNow.AddMinutes(15),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>Makes the service's JwtBearer trust this key instead of fetching identity's discovery document.</summary>
    public void Trust(IServiceCollection services) =>
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
            configuration.SigningKeys.Add(key);
            options.Configuration = configuration;
            options.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
            options.TokenValidationParameters.ValidIssuer = Issuer;
        });
}
