using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;

namespace SocialCommerce.ServiceDefaults.Auth;

public static class AuthExtensions
{
    private static readonly JsonWebTokenHandler Tokens = new();

    /// <summary>
    /// JWT bearer validation against identity's signing keys, fetched from its OpenID discovery document and
    /// JWKS (cached, refreshed when an unknown key id shows up after a rotation). Only RS256 is accepted, so
    /// alg=none and HMAC tokens made with the public key fail.
    /// </summary>
    public static IHostApplicationBuilder AddDefaultAuthentication(this IHostApplicationBuilder builder)
    {
        var auth = builder.Configuration.GetSection("Auth");
        void Validate(JwtBearerOptions options, string audience)
        {
            options.Authority = auth["Authority"];
            options.Audience = audience;
            options.RequireHttpsMetadata = auth.GetValue("RequireHttpsMetadata", !builder.Environment.IsDevelopment());
            options.MapInboundClaims = false;
            options.TokenValidationParameters.ValidAlgorithms = ["RS256"];
            options.TokenValidationParameters.NameClaimType = TokenClaims.Subject;
            options.TokenValidationParameters.RoleClaimType = TokenClaims.Role;
            options.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);
        }

        // Users' tokens by default; services' tokens only where an endpoint asks for them (ServiceAuth.RequireServiceCallers).
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                Validate(options, TokenClaims.Audience);
                options.Events = new JwtBearerEvents { OnMessageReceived = SkipServiceTokens };
            })
            .AddJwtBearer(ServiceAuth.Scheme, options => Validate(options, ServiceAuth.Audience));

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.User, policy => policy.RequireAuthenticatedUser())
            .AddPolicy(Policies.Merchant, policy => policy.RequireRole(Roles.Merchant))
            .AddPolicy(Policies.Moderator, policy => policy.RequireRole(Roles.Moderator, Roles.Admin))
            .AddPolicy(Policies.Admin, policy => policy.RequireRole(Roles.Admin));
        return builder;
    }

    /// <summary>
    /// The user scheme runs on every request, so on every internal call it verified the calling service's token and failed
    /// it (wrong audience, an exception thrown and caught) before the Service scheme verified it again. A token that says
    /// it is for services is left to that scheme unverified: skipping it can only leave a request anonymous, never let it in.
    /// </summary>
    private static Task SkipServiceTokens(MessageReceivedContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return Task.CompletedTask;
        var token = header["Bearer ".Length..].Trim();
        if (Tokens.CanReadToken(token) && new JsonWebToken(token).Audiences.Contains(ServiceAuth.Audience)) context.NoResult();
        return Task.CompletedTask;
    }
}
