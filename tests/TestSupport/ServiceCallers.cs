using System.Net.Http.Json;
using System.Text.Json;
using SocialCommerce.ServiceDefaults.Auth;

namespace SocialCommerce.TestSupport;

/// <summary>
/// Real service tokens from identity's <c>/connect/token</c>, with the development client secrets read from identity's
/// appsettings.Development.json (the calling services hold the same ones), so tests call gRPC services as the platform does.
/// </summary>
public static class ServiceCallers
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Secrets = new(() =>
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(
            Path.Combine(TestInfrastructure.RepoRoot, "services", "identity", "appsettings.Development.json")));
        return settings.RootElement.GetProperty("Identity").GetProperty("ServiceClients").EnumerateObject()
            .ToDictionary(client => client.Name, client => client.Value.GetString()!);
    });

    public static string DevelopmentSecret(string clientId) => Secrets.Value[clientId];

    /// <summary>Asks identity (an HttpClient addressed at it) for the named service's token.</summary>
    public static async Task<string> TokenAsync(HttpClient identity, string clientId)
    {
        using var response = await identity.PostAsync(ServiceAuth.TokenPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = DevelopmentSecret(clientId),
        }));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }
}
