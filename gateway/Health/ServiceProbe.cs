using System.Diagnostics;
using System.Text.Json;
using SocialCommerce.Gateway.Proxy;
using Yarp.ReverseProxy.Configuration;

namespace SocialCommerce.Gateway.Health;

public sealed record ServiceHealth(string Status, long DurationMs);

/// <summary>Asks each destination of a cluster for its <c>/health/ready</c>.</summary>
public static class ServiceProbe
{
    public const string ClientName = "health";
    public const string Healthy = "Healthy";
    public const string Unhealthy = "Unhealthy";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>A cluster is as healthy as its worst destination; one with no destinations cannot serve at all.</summary>
    public static async Task<ServiceHealth> ProbeClusterAsync(HttpClient client, ClusterConfig cluster, CancellationToken cancellationToken)
    {
        var destinations = cluster.Destinations?.Values.ToArray() ?? [];
        if (destinations.Length == 0) return new ServiceHealth(Unhealthy, 0);

        var results = await Task.WhenAll(destinations.Select(destination =>
            ProbeAsync(client, ProxyExtensions.ProbeBase(destination) + "/health/ready", cancellationToken)));
        var worst = results.FirstOrDefault(result => result.Status != Healthy) ?? results[0];
        return worst with { DurationMs = results.Max(result => result.DurationMs) };
    }

    private static async Task<ServiceHealth> ProbeAsync(HttpClient client, string url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var clock = Stopwatch.StartNew();
        string status;
        try
        {
            using var response = await client.GetAsync(url, timeout.Token);
            status = response.IsSuccessStatusCode ? await ReportedStatusAsync(response, timeout.Token) : Unhealthy;
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or JsonException)
        {
            // Unreachable, too slow or talking nonsense: all the same to a caller who wants to know if it serves.
            status = Unhealthy;
        }

        return new ServiceHealth(status, clock.ElapsedMilliseconds);
    }

    // A 200 may still say Degraded (ASP.NET Core maps Degraded to 200); keep that word rather than claim Healthy.
    private static async Task<string> ReportedStatusAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        return document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("status", out var reported)
            && reported.ValueKind == JsonValueKind.String
                ? reported.GetString()!
                : Healthy;
    }
}
