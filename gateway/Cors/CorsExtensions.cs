using Microsoft.Net.Http.Headers;
using SocialCommerce.ServiceDefaults.Hosting;

namespace SocialCommerce.Gateway.Cors;

/// <summary>
/// Browsers on other origins (the web client on its own host, a partner's page) may call the API only from the
/// origins listed in <c>Cors:Origins</c>; none by default, because the web client is served by the gateway itself
/// and needs no CORS. Bearer tokens travel in a header, never in cookies, so credentials stay off.
/// </summary>
public static class CorsExtensions
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    public static IHostApplicationBuilder AddGatewayCors(this IHostApplicationBuilder builder)
    {
        // An origin is scheme://host[:port]; a trailing slash copied from a browser's address bar would never match.
        var origins = (builder.Configuration.GetSection("Cors:Origins").Get<string[]>() ?? [])
            .Where(origin => !string.IsNullOrWhiteSpace(origin))
            .Select(origin => origin.Trim().TrimEnd('/'))
            .ToArray();

        builder.Services.AddCors(options => options.AddDefaultPolicy(policy => policy
            .WithOrigins(origins)
            .WithMethods(Methods)
            .AllowAnyHeader()
            // Without these a script cannot read the id to quote in a support ticket, or how long to back off.
            .WithExposedHeaders(CorrelationId.HeaderName, HeaderNames.RetryAfter)
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        return builder;
    }
}
