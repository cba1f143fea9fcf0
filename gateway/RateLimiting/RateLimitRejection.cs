using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Gateway.RateLimiting;

/// <summary>The 429 every edge limit answers: problem+json plus the Retry-After clients and SDKs back off by.</summary>
public static class RateLimitRejection
{
    // Both limiters in use report when a permit frees up; this only covers a limiter that does not.
    private static readonly TimeSpan FallbackRetryAfter = TimeSpan.FromSeconds(1);

    public static async ValueTask WriteAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : FallbackRetryAfter;
        // Retry-After is whole seconds; rounding down would invite a retry that is refused again.
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);

        var problem = TypedResults.Problem(
            title: "Too many requests.",
            detail: seconds == 1 ? "Retry after 1 second." : $"Retry after {seconds} seconds.",
            statusCode: StatusCodes.Status429TooManyRequests,
            type: ProblemTypes.TooManyRequests);
        await problem.ExecuteAsync(context);
    }
}
