using Microsoft.AspNetCore.HttpOverrides;
using SocialCommerce.ServiceDefaults.Hosting;
using SocialCommerce.Web.Account;

namespace SocialCommerce.Web;

public static class WebPipeline
{
    /// <summary>
    /// The services' pipeline answers problem+json; pages answer HTML: an error page, a not-found page, then the session
    /// cookie and antiforgery for every form.
    /// </summary>
    public static WebApplication UseWebPipeline(this WebApplication app)
    {
        // Behind a TLS ingress the gateway sees http; the scheme it forwards makes this app's absolute redirects https.
        // Only the scheme is taken, from any sender: the web client is reached through the gateway alone, and a forged
        // scheme would only change the forger's own redirects. The address for rate limits is the gateway's business.
        var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedProto };
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        app.UseForwardedHeaders(forwarded);
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/not-found");
        app.Use(SecurityHeaders);
        app.Use(BrowserDevice.AssignAsync);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    // Scripts only from this origin (blazor.web.js, app.js); images from anywhere over https, since merchants link them.
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' https: data:; style-src 'self' 'unsafe-inline'; script-src 'self'; " +
        "connect-src 'self'; form-action 'self' http: https:; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    private static Task SecurityHeaders(HttpContext context, Func<Task> next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        return next();
    }
}
