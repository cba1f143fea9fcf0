using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SocialCommerce.Identity.Tokens;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Identity.ServiceClients;

/// <summary>
/// OAuth 2.0 client credentials for the platform's own services (<c>POST /connect/token</c>, form-encoded, RFC 6749 §4.4):
/// a service named in <c>Identity:ServiceClients</c> that presents its secret gets a short-lived token saying who it is.
/// Not routed by the gateway: only services inside the cluster reach it. Errors are problem+json carrying the OAuth
/// <c>error</c> code.
/// </summary>
public static class ServiceTokenEndpoint
{
    public static IEndpointRouteBuilder MapServiceTokenEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost(ServiceAuth.TokenPath, IssueAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> IssueAsync(HttpRequest request, IOptions<IdentityOptions> options, TokenIssuer issuer)
    {
        if (!request.HasFormContentType) return OAuthError(StatusCodes.Status400BadRequest, "invalid_request", "The request must be form-encoded.");
        var form = await request.ReadFormAsync();
        if (form["grant_type"] != "client_credentials")
        {
            return OAuthError(StatusCodes.Status400BadRequest, "unsupported_grant_type", "Only client_credentials is supported.");
        }

        var clientId = form["client_id"].ToString();
        if (!IsKnownClient(options.Value.ServiceClients, clientId, form["client_secret"].ToString()))
        {
            return OAuthError(StatusCodes.Status401Unauthorized, "invalid_client", "The client id or secret is wrong.");
        }

        var (token, expiresIn) = issuer.CreateServiceToken(clientId);
        return TypedResults.Ok(new ServiceTokenResponse(token, "Bearer", expiresIn));
    }

    // Secrets are compared as hashes in constant time, and an unknown client costs the same as a wrong secret.
    private static bool IsKnownClient(IReadOnlyDictionary<string, string> clients, string clientId, string secret)
    {
        var expected = clients.TryGetValue(clientId, out var configured) && configured.Length > 0 ? configured : null;
        var matches = CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(expected ?? Guid.NewGuid().ToString())),
            SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        return expected is not null && matches;
    }

    private static IResult OAuthError(int status, string error, string title) =>
        TypedResults.Problem(title: title, statusCode: status, type: ProblemTypes.ForStatus(status),
            extensions: new Dictionary<string, object?> { ["error"] = error });
}

public sealed record ServiceTokenResponse(
    [property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string AccessToken,
    [property: System.Text.Json.Serialization.JsonPropertyName("token_type")] string TokenType,
    [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn);
