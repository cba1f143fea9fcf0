using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using SocialCommerce.ServiceDefaults.Auth;

namespace SocialCommerce.Gateway.RateLimiting;

/// <summary>
/// The edge limits that routes name in <c>RateLimiterPolicy</c>. Services keep their own finer limits (per phone
/// number, per account); these stop one address or one token from flooding everything behind the gateway.
/// </summary>
public static class RateLimitPolicies
{
    /// <summary>Sign-up, sign-in and SMS routes: few per minute per address, because each one costs a slow KDF or an SMS.</summary>
    public const string PerIpAuth = "per-ip-auth";

    /// <summary>Everything else: a token bucket per signed-in user, per address for anonymous callers.</summary>
    public const string PerUser = "per-user";

    public static IHostApplicationBuilder AddGatewayRateLimiting(this IHostApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection("Gateway:RateLimits");
        var authPerIpPerMinute = limits.GetValue("AuthPerIpPerMinute", 20);
        var perUserPerSecond = limits.GetValue("PerUserPerSecond", 20);
        var perUserBurst = limits.GetValue("PerUserBurst", 100);

        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = RateLimitRejection.WriteAsync;

            // No queueing: a client over its limit is told to come back rather than held on an open connection.
            options.AddPolicy(PerIpAuth, context => RateLimitPartition.GetFixedWindowLimiter(
                ClientAddress.PartitionKey(context),
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = authPerIpPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));

            options.AddPolicy(PerUser, context => RateLimitPartition.GetTokenBucketLimiter(
                UserOrAddress(context),
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = perUserBurst,
                    TokensPerPeriod = perUserPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    AutoReplenishment = true,
                    QueueLimit = 0,
                }));
        });
        return builder;
    }

    // Prefixed so a user id can never collide with an address's bucket.
    private static string UserOrAddress(HttpContext context) =>
        context.User.FindFirst(TokenClaims.Subject)?.Value is { Length: > 0 } subject
            ? "user:" + subject
            : "ip:" + ClientAddress.PartitionKey(context);
}
