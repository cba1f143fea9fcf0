using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Health;
using SocialCommerce.ServiceDefaults.Hosting;
using SocialCommerce.ServiceDefaults.Problems;
using SocialCommerce.ServiceDefaults.Telemetry;

namespace SocialCommerce.ServiceDefaults;

/// <summary>What every deployable gets: telemetry, health, problem details, auth, resilient HTTP clients and its OpenAPI document.</summary>
public static class ServiceDefaultsExtensions
{
    /// <param name="apiDocument">
    /// Whether the deployable describes its own API at <c>/openapi/{documentName}.json</c> (services do; the gateway serves
    /// theirs under <c>/openapi/&lt;service&gt;.json</c> and has no API of its own to describe).
    /// </param>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder, string serviceName, bool apiDocument = true)
    {
        builder.Services.AddSingleton(new ServiceIdentity(serviceName));
        if (apiDocument)
        {
            builder.Services.AddOpenApi(options => OpenApi.ApiDocumentTransformers.Configure(options, serviceName));
            builder.Services.AddSingleton<ApiDocument>();
        }

        // Every clock read goes through TimeProvider, so tests can move time; tests may register their own.
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddDefaultTelemetry(serviceName);
        builder.AddDefaultHealthChecks();
        builder.Services.AddDefaultProblemDetails();
        builder.AddDefaultAuthentication();
        builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        // Kestrel binds only its endpoints from configuration by itself; limits (body size) need this.
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(
            builder.Configuration.GetSection("Kestrel"));
        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // A deployable the public reaches (the gateway) names an endpoint of its own for metrics, which only the cluster
        // reaches; /metrics is then answered on that port alone, told apart by the connection, never by a Host header.
        if (app.Configuration[$"Kestrel:Endpoints:{MetricsEndpoint}:Url"] is { Length: > 0 } url)
        {
            var port = BindingAddress.Parse(url).Port;
            app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
                context.Connection.LocalPort == port && context.Request.Path == "/metrics");
        }
        else
        {
            app.MapPrometheusScrapingEndpoint("/metrics");
        }

        app.MapDefaultHealthEndpoints();
        if (app.Services.GetService<ApiDocument>() is not null) app.MapOpenApi("/openapi/{documentName}.json");
        return app;
    }

    /// <summary>Marks a deployable that serves its OpenAPI document (see <see cref="AddServiceDefaults"/>).</summary>
    private sealed class ApiDocument;

    /// <summary>The Kestrel endpoint that serves /metrics when a deployable must keep it off its public port.</summary>
    public const string MetricsEndpoint = "Metrics";

    /// <summary>Middleware order that every service shares; call before mapping routes.</summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseGrpcPortForGrpcOnly();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}

public sealed record ServiceIdentity(string Name);
