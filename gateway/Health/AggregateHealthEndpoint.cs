using Microsoft.AspNetCore.Http.HttpResults;
using Yarp.ReverseProxy.Configuration;

namespace SocialCommerce.Gateway.Health;

public sealed record AggregateHealth(string Status, IReadOnlyDictionary<string, ServiceHealth> Services);

/// <summary>
/// <c>GET /health</c>: one look at whether everything behind the gateway is ready, for people and uptime checks.
/// It is deliberately not a probe of the gateway itself: <c>/health/live</c> and <c>/health/ready</c> stay
/// self-only, so an outage of one service never makes Kubernetes restart or drain the gateway.
/// </summary>
public static class AggregateHealthEndpoint
{
    public static IServiceCollection AddAggregateHealth(this IServiceCollection services)
    {
        // The default resilience handler retries and trips circuit breakers; a probe must report what it saw
        // within its own timeout. RemoveAllResilienceHandlers is the package's (still experimental) way to opt out.
#pragma warning disable EXTEXP0001
        services.AddHttpClient(ServiceProbe.ClientName).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        return services;
    }

    public static IEndpointRouteBuilder MapAggregateHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", GetHealth).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>Every cluster YARP knows, probed in parallel, so a new service is covered by its config alone.</summary>
    public static async Task<JsonHttpResult<AggregateHealth>> GetHealth(
        IProxyConfigProvider proxy, IHttpClientFactory clients, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(ServiceProbe.ClientName);
        var clusters = proxy.GetConfig().Clusters;
        var results = await Task.WhenAll(clusters.Select(async cluster =>
            (cluster.ClusterId, Health: await ServiceProbe.ProbeClusterAsync(client, cluster, cancellationToken))));

        var services = results.ToDictionary(result => result.ClusterId, result => result.Health, StringComparer.Ordinal);
        var healthy = services.Values.All(service => service.Status == ServiceProbe.Healthy);
        return TypedResults.Json(
            new AggregateHealth(healthy ? ServiceProbe.Healthy : ServiceProbe.Unhealthy, services),
            statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
