using System.Text.Json;
using Microsoft.Extensions.Options;

namespace SocialCommerce.Identity.Users;

/// <summary>
/// Fetches every other service's part of a person's data export (<see cref="IdentityOptions.ExportParts"/>) at once, each
/// called with the person's own access token, so a service hands out only what it would show that person anyway.
/// </summary>
public sealed partial class PersonalDataGatherer(IHttpClientFactory httpClients, IOptions<IdentityOptions> options, ILogger<PersonalDataGatherer> logger)
{
    public const string HttpClientName = "personal-data";

    public sealed record Gathered(IReadOnlyDictionary<string, JsonElement> Parts, IReadOnlyList<string> Unavailable);

    public async Task<Gathered> GatherAsync(string authorization, CancellationToken cancellationToken)
    {
        var parts = options.Value.ExportParts.Where(part => !string.IsNullOrWhiteSpace(part.Value)).ToList();
        var fetched = await Task.WhenAll(parts.Select(part => FetchAsync(part.Key, part.Value, authorization, cancellationToken)));
        return new Gathered(
            fetched.Where(part => part.Data is not null).ToDictionary(part => part.Name, part => part.Data!.Value),
            fetched.Where(part => part.Data is null).Select(part => part.Name).Order().ToList());
    }

    private async Task<(string Name, JsonElement? Data)> FetchAsync(string name, string url, string authorization, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogPartRefused(name, (int)response.StatusCode);
                return (name, null);
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return (name, (await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken)).RootElement.Clone());
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException
            || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogPartFailed(exception, name);
            return (name, null);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Part} part of a data export answered {StatusCode}")]
    private partial void LogPartRefused(string part, int statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Part} part of a data export could not be fetched")]
    private partial void LogPartFailed(Exception exception, string part);
}
