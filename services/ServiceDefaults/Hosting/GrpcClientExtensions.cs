using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace SocialCommerce.ServiceDefaults.Hosting;

public static class GrpcClientExtensions
{
    /// <summary>
    /// A typed gRPC client for another service, addressed by <c>Services:{name}:Grpc</c>. It is built by the
    /// HTTP client factory, so the standard resilience pipeline that AddServiceDefaults puts on every client
    /// (timeouts, retries of transient failures, circuit breaker) applies to it too.
    /// </summary>
    public static IHttpClientBuilder AddServiceGrpcClient<TClient>(this IHostApplicationBuilder builder, string serviceName)
        where TClient : class
    {
        var key = $"Services:{serviceName}:Grpc";
        var address = builder.Configuration[key] ?? throw new InvalidOperationException($"{key} is not configured.");
        return builder.Services.AddGrpcClient<TClient>(options => options.Address = new Uri(address));
    }
}
