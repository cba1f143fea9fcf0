using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace SocialCommerce.ServiceDefaults.Auth;

/// <summary>
/// This service's token for calling other services, fetched from identity with its client secret and kept until half its
/// lifetime has passed, so a call almost never waits for identity. If identity cannot be reached at renewal, the token
/// held is used until it expires.
/// </summary>
public sealed partial class ServiceTokens(
    IHttpClientFactory httpClients, IConfiguration configuration, ServiceIdentity service, TimeProvider time, ILogger<ServiceTokens> logger)
{
    public const string HttpClientName = "service-tokens";

    private readonly SemaphoreSlim renewal = new(1, 1);
    private Held? held;

    public async ValueTask<string> GetAsync(CancellationToken cancellationToken)
    {
        if (held is { } current && time.GetUtcNow() < current.RenewAt) return current.Token;

        await renewal.WaitAsync(cancellationToken);
        try
        {
            if (held is { } renewed && time.GetUtcNow() < renewed.RenewAt) return renewed.Token;
            try
            {
                held = await RequestAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException
                && !cancellationToken.IsCancellationRequested && held is { } old && time.GetUtcNow() < old.ExpiresAt)
            {
                LogRenewalFailed(exception);
            }

            return held!.Token;
        }
        finally
        {
            renewal.Release();
        }
    }

    /// <summary>A callee refused the token (identity's key changed, say): the next call fetches a new one.</summary>
    public void Forget(string token)
    {
        if (held?.Token == token) held = null;
    }

    private async Task<Held> RequestAsync(CancellationToken cancellationToken)
    {
        var authority = configuration["Auth:Authority"] ?? throw new InvalidOperationException("Auth:Authority is not configured.");
        var secret = configuration[ServiceAuth.ClientSecretKey] ?? throw new InvalidOperationException($"{ServiceAuth.ClientSecretKey} is not configured.");
        var requestedAt = time.GetUtcNow();
        using var response = await httpClients.CreateClient(HttpClientName).PostAsync(
            authority.TrimEnd('/') + ServiceAuth.TokenPath,
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = service.Name,
                ["client_secret"] = secret,
            }),
            cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"identity refused {service.Name}'s service token request", null, response.StatusCode);
        }

        var answer = await response.Content.ReadFromJsonAsync<TokenAnswer>(cancellationToken)
            ?? throw new HttpRequestException("identity answered an empty service token");
        var lifetime = TimeSpan.FromSeconds(answer.ExpiresIn);
        return new Held(answer.AccessToken, requestedAt + lifetime / 2, requestedAt + lifetime);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the service token; the one held is used until it expires")]
    private partial void LogRenewalFailed(Exception exception);

    private sealed record Held(string Token, DateTimeOffset RenewAt, DateTimeOffset ExpiresAt);

    private sealed record TokenAnswer(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}

/// <summary>Puts this service's token on every call of a client to another service.</summary>
public sealed class ServiceTokenHandler(ServiceTokens tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAsync(cancellationToken);
        request.Headers.Authorization = new("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized) tokens.Forget(token);
        return response;
    }
}
