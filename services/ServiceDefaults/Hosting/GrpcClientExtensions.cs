using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SocialCommerce.ServiceDefaults.Auth;

namespace SocialCommerce.ServiceDefaults.Hosting;

public static class GrpcClientExtensions
{
    /// <summary>
    /// A typed gRPC client for another service, addressed by <c>Services:{name}:Grpc</c>, that calls with this service's
    /// token (<see cref="ServiceTokens"/>; the callee names who may call it). It is built by the HTTP client factory, so
    /// the standard resilience pipeline that AddServiceDefaults puts on every client (timeouts, retries of transient
    /// failures, circuit breaker) applies to it too.
    /// </summary>
    public static IHttpClientBuilder AddServiceGrpcClient<TClient>(this IHostApplicationBuilder builder, string serviceName)
        where TClient : class
    {
        var key = $"Services:{serviceName}:Grpc";
        var address = builder.Configuration[key] ?? throw new InvalidOperationException($"{key} is not configured.");
        if (string.IsNullOrEmpty(builder.Configuration[ServiceAuth.ClientSecretKey]))
        {
            throw new InvalidOperationException($"{ServiceAuth.ClientSecretKey} is not configured: calls to {serviceName} need this service's identity.");
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<ServiceTokens>();
        builder.Services.TryAddTransient<ServiceTokenHandler>();
        return builder.Services.AddGrpcClient<TClient>(options => options.Address = new Uri(address))
            .AddHttpMessageHandler<ServiceTokenHandler>();
    }
}
