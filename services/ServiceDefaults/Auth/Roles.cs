using System.Security.Claims;

namespace SocialCommerce.ServiceDefaults.Auth;

public static class Roles
{
    public const string Shopper = "shopper";
    public const string Merchant = "merchant";
    public const string Moderator = "moderator";
    public const string Admin = "admin";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { Shopper, Merchant, Moderator, Admin };
}

/// <summary>Authorization policy names for route groups.</summary>
public static class Policies
{
    public const string User = "user";
    public const string Merchant = "merchant";
    public const string Moderator = "moderator";
    public const string Admin = "admin";
}

/// <summary>Claim names in our access tokens: short JWT names, not the WS-Federation URIs.</summary>
public static class TokenClaims
{
    public const string Audience = "socialcommerce";
    public const string Subject = "sub";
    public const string Role = "role";

    /// <summary>The caller's user id; only call on routes that require an authenticated user.</summary>
    public static Guid UserId(this ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirstValue(Subject) ?? throw new InvalidOperationException("No subject claim on an authenticated route."));
}
