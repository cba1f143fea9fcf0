using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using SocialCommerce.Identity.Keys;

namespace SocialCommerce.Identity.Discovery;

/// <summary>
/// The minimal OpenID discovery document and JWKS that JwtBearer needs, so every service and the gateway
/// validate tokens with stock middleware and pick up key rotation without a redeploy.
/// </summary>
public static class DiscoveryEndpoints
{
    public static IEndpointRouteBuilder MapDiscoveryEndpoints(this IEndpointRouteBuilder app)
    {
        // For services validating tokens inside the cluster: the gateway does not route it, so the public API document omits it.
        var wellKnown = app.MapGroup("/.well-known").AllowAnonymous().ExcludeFromDescription();
        wellKnown.MapGet("/openid-configuration", (IOptions<IdentityOptions> options) => TypedResults.Ok(new Dictionary<string, object>
        {
            ["issuer"] = options.Value.Issuer,
            ["jwks_uri"] = options.Value.Issuer.TrimEnd('/') + "/.well-known/jwks.json",
            ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.RsaSha256 },
        }));
        wellKnown.MapGet("/jwks.json", (KeyMaterial keys) => TypedResults.Ok(new
        {
            keys = keys.PublishedKeys.Select(key => JsonWebKeyConverter.ConvertFromRSASecurityKey(key))
                .Select(jwk => new { kty = jwk.Kty, use = "sig", alg = SecurityAlgorithms.RsaSha256, kid = jwk.Kid, n = jwk.N, e = jwk.E }),
        }));
        return app;
    }
}
