using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using SocialCommerce.ApiClient;

namespace SocialCommerce.EndToEnd.Tests;

public sealed record TokenPair(string AccessToken, string RefreshToken, int ExpiresIn, string TokenType);

/// <summary>What a mobile app does against the gateway, in test-sized steps.</summary>
public static class GatewayClient
{
    public static HttpClient Create(string? accessToken = null, string? baseUrl = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(baseUrl ?? Platform.GatewayUrl) };
        if (accessToken is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// <summary>The client generated from the API documents, sending through this client (its gateway address and token).</summary>
    public static ApiClients Api(this HttpClient http) => new(http);

    public static string NewPhone() => "137" + Random.Shared.NextInt64(10_000_000, 99_999_999);

    /// <summary>A sign-up as the apps make it: a sign-up code sent to the phone (read from the development sender) proves the number.</summary>
    public static async Task<Guid> SignUpAsync(
        string phone, string password = "Journey2026pw", string nickname = "旅行者", string? inviteCode = null, string? deviceId = null)
    {
        using var client = Create();
        if (deviceId is not null) client.DefaultRequestHeaders.Add("X-Device-Id", deviceId);
        var requested = await client.PostAsJsonAsync("/api/identity/sms-codes", new { phone, purpose = "sign-up" });
        Assert.That(requested.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await requested.Content.ReadAsStringAsync());
        var smsCode = (await client.GetFromJsonAsync<JsonElement>($"/api/identity/dev/sms-codes/latest?phone={phone}")).GetProperty("code").GetString();
        var response = await client.PostAsJsonAsync("/api/identity/users", new { phone, password, nickname, inviteCode, smsCode });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetGuid();
    }

    public static async Task<TokenPair> SignInAsync(string phone, string password = "Journey2026pw")
    {
        using var client = Create();
        var response = await client.PostAsJsonAsync("/api/identity/tokens", new { phone, password });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<TokenPair>())!;
    }

    public static async Task<HttpResponseMessage> RefreshAsync(string refreshToken)
    {
        using var client = Create();
        return await client.PostAsJsonAsync("/api/identity/tokens/refresh", new { refreshToken });
    }

    public static async Task<long> CountAsync(string sql, object? args = null)
    {
        await using var connection = new NpgsqlConnection(Platform.IdentityDatabase);
        return await connection.ExecuteScalarAsync<long>(sql, args);
    }

    /// <summary>The roles claim of an access token, read without validating it (the server already did).</summary>
    public static IReadOnlyList<string> RolesIn(string accessToken)
    {
        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(accessToken);
        return token.Claims.Where(c => c.Type == "role").Select(c => c.Value).ToList();
    }
}
