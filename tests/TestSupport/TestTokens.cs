using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using SocialCommerce.ServiceDefaults.Auth;

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

    /// <summary>A service token, as identity issues one to the named service through client credentials.</summary>
    public string ForService(string clientId) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = ServiceAuth.Audience,
            Subject = new ClaimsIdentity([new Claim("sub", clientId), new Claim(ServiceAuth.ClientIdClaim, clientId)]),
            // Longer than identity's 10 minutes, so a suite's fixture can hold one for its whole run.
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });

    /// <summary>A gRPC channel handler that calls as the named service (or with any bearer token given).</summary>
    public static HttpMessageHandler Bearer(string token, HttpMessageHandler inner) => new BearerHandler(token) { InnerHandler = inner };

    /// <summary>Makes the service's JwtBearer schemes (users' and services') trust this key instead of fetching identity's discovery document.</summary>
    public void Trust(IServiceCollection services) =>
        services.PostConfigureAll<JwtBearerOptions>(options =>
        {
            var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
            configuration.SigningKeys.Add(key);
            options.Configuration = configuration;
            options.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
            options.TokenValidationParameters.ValidIssuer = Issuer;
        });
}

internal sealed class BearerHandler(string token) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new("Bearer", token);
        return base.SendAsync(request, cancellationToken);
    }
}
