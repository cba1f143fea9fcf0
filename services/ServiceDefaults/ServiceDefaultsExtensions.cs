using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Health;
using SocialCommerce.ServiceDefaults.Hosting;
using SocialCommerce.ServiceDefaults.Problems;
using SocialCommerce.ServiceDefaults.Telemetry;

namespace SocialCommerce.ServiceDefaults;

/// <summary>What every deployable gets: telemetry, health, problem details, auth and resilient HTTP clients.</summary>
public static class ServiceDefaultsExtensions
{
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder, string serviceName)
    {
        builder.Services.AddSingleton(new ServiceIdentity(serviceName));
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
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapDefaultHealthEndpoints();
        return app;
    }

    /// <summary>Middleware order that every service shares; call before mapping routes.</summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}

public sealed record ServiceIdentity(string Name);
