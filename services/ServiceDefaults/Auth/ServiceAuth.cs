using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;

namespace SocialCommerce.ServiceDefaults.Auth;

/// <summary>
/// Service-to-service identity (docs/decisions/0004-service-identity.md): identity issues a short-lived RS256 token to a
/// service that presents its client secret (OAuth 2.0 client credentials at <c>{Auth:Authority}/connect/token</c>). The
/// token is for <see cref="Audience"/> and checked under its own scheme, so a user's token never passes as a service's and
/// a service's never passes as a user's.
/// </summary>
public static class ServiceAuth
{
    public const string Scheme = "Service";
    public const string Audience = "socialcommerce-internal";
    public const string ClientIdClaim = "client_id";
    public const string TokenPath = "/connect/token";

    /// <summary>Where a calling service finds its client secret (its client id is its service name).</summary>
    public const string ClientSecretKey = "ServiceAuth:ClientSecret";

    /// <summary>
    /// Only the named services may call these endpoints: no token, a user's token or an unknown key is Unauthenticated,
    /// another service's token PermissionDenied, and the call changes nothing.
    /// </summary>
    public static TBuilder RequireServiceCallers<TBuilder>(this TBuilder builder, params string[] callers)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(new AuthorizationPolicyBuilder(Scheme)
            .RequireAuthenticatedUser()
            .RequireClaim(ClientIdClaim, callers)
            .Build());
}
