using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using SocialCommerce.ApiClient;

namespace SocialCommerce.Web.Account;

/// <summary>
/// PIPL rights that are not a page: the export downloads as a file, and erasure ends the browser's session as well
/// as the account. Both are plain endpoints because a page cannot answer with a file or clear its own cookie.
/// </summary>
public static class PrivacyEndpoints
{
    public static WebApplication MapPrivacyEndpoints(this WebApplication app)
    {
        app.MapGet("/me/export.json", DownloadExportAsync).RequireAuthorization();
        app.MapPost("/account/erase", EraseAsync).RequireAuthorization();
        return app;
    }

    /// <summary>
    /// Identity's export, byte for byte (it already gathers every service's part, or answers 503 naming the missing one),
    /// as an attachment the person keeps.
    /// </summary>
    public static async Task DownloadExportAsync(HttpContext context, IHttpClientFactory clients)
    {
        using var response = await clients.CreateClient("user").GetAsync("api/identity/me/export", context.RequestAborted);
        if (!response.IsSuccessStatusCode)
        {
            context.Response.Redirect("/me/privacy?export=failed");
            return;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"socialcommerce-data-{DateTime.UtcNow:yyyyMMdd}.json\"";
        context.Response.Headers.CacheControl = "no-store";
        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    /// <summary>
    /// Erases the account only when the form's box saying so is ticked, then forgets the session: its tokens belong to
    /// an account that no longer exists.
    /// </summary>
    public static async Task<IResult> EraseAsync(HttpContext context, IAntiforgery antiforgery, ApiClients api, ILogger<ApiClients> logger)
    {
        if (!await antiforgery.IsRequestValidAsync(context)) return TypedResults.BadRequest();
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["confirm"] != "erase") return TypedResults.Redirect("/me/privacy?erase=unconfirmed");

        try
        {
            await api.Identity.Me.DeleteAsync();
        }
        catch (Exception exception) when (exception is IApiProblem or HttpRequestException)
        {
            logger.LogWarning(exception, "Erasing the account failed.");
            return TypedResults.Redirect("/me/privacy?erase=failed");
        }

        await context.SignOutAsync(WebSession.Scheme);
        return TypedResults.Redirect("/?erased=1");
    }
}
