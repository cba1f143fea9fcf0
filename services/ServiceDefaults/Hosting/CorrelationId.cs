using Microsoft.AspNetCore.Http;

namespace SocialCommerce.ServiceDefaults.Hosting;

/// <summary>
/// The gateway stamps <c>X-Correlation-Id</c> on every request; services echo it in problem bodies and log
/// scopes so a support ticket quoting it leads to the logs of every hop.
/// </summary>
public static class CorrelationId
{
    public const string HeaderName = "X-Correlation-Id";
    public const string ItemKey = "CorrelationId";

    public static string? Read(HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var value) ? value as string : null;
}

/// <summary>Accepts a well-formed incoming id (or makes one), echoes it, and scopes the request's logs with it.</summary>
public sealed class CorrelationIdMiddleware(RequestDelegate next, Microsoft.Extensions.Logging.ILogger<CorrelationIdMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[CorrelationId.HeaderName].ToString();
        var id = IsWellFormed(incoming) ? incoming : Guid.CreateVersion7().ToString("N");
        context.Items[CorrelationId.ItemKey] = id;
        context.Request.Headers[CorrelationId.HeaderName] = id;
        context.Response.Headers[CorrelationId.HeaderName] = id;
        using (Microsoft.Extensions.Logging.LoggerExtensions.BeginScope(logger, "CorrelationId:{CorrelationId}", id))
        {
            await next(context);
        }
    }

    // Clients may send their own id, but never one that could smuggle header or log injection.
    private static bool IsWellFormed(string value) =>
        value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
