using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using SocialCommerce.ApiClient;
using SocialCommerce.ApiClient.Identity.Models;

namespace SocialCommerce.Web.Account;

public static class SessionEndpoints
{
    public static WebApplication MapSessionEndpoints(this WebApplication app)
    {
        app.MapPost("/account/sign-out", SignOutAsync);
        return app;
    }

    /// <summary>
    /// Revokes the refresh token at identity first, so a copy of the cookie taken earlier cannot be refreshed any more,
    /// then forgets the session. A failed revocation still signs the browser out (the access token dies in minutes).
    /// </summary>
    public static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery, ApiClients api, ILogger<ApiClients> logger)
    {
        if (!await antiforgery.IsRequestValidAsync(context)) return TypedResults.BadRequest();
        var result = await context.AuthenticateAsync(WebSession.Scheme);
        if (result.Properties is { } properties && SessionTokens.Read(properties) is { } tokens)
        {
            try
            {
                await api.Identity.Tokens.Revoke.PostAsync(new RefreshRequest { RefreshToken = tokens.RefreshToken });
            }
            catch (Exception exception) when (exception is IApiProblem or HttpRequestException)
            {
                logger.LogWarning(exception, "Signing out could not revoke the refresh token.");
            }
        }

        await context.SignOutAsync(WebSession.Scheme);
        return TypedResults.Redirect("/");
    }
}
