using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Http.Resilience;
using SocialCommerce.ApiClient;
using SocialCommerce.ServiceDefaults.Hosting;
using SocialCommerce.Web.Account;

namespace SocialCommerce.Web.Api;

/// <summary>
/// The public API through the gateway, with the generated client (decision 0005). <see cref="ApiClients"/> sends as the
/// signed-in user; the keyed <see cref="Anonymous"/> one sends no token (signing in, refreshing, public pages' reads).
/// </summary>
public static class GatewayApi
{
    public const string Anonymous = "anonymous";

    public static IHostApplicationBuilder AddGatewayApi(this IHostApplicationBuilder builder)
    {
        var gateway = new Uri(builder.Configuration["Web:ApiUrl"] ?? throw new InvalidOperationException("Web:ApiUrl is not set."));
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddTransient<ForwardClient>();
        builder.Services.AddTransient<SessionBearer>();
        ConfigureClient(builder.Services.AddHttpClient(Anonymous, http => http.BaseAddress = gateway)
            .AddHttpMessageHandler<ForwardClient>());
        ConfigureClient(builder.Services.AddHttpClient("user", http => http.BaseAddress = gateway)
            .AddHttpMessageHandler<ForwardClient>()
            .AddHttpMessageHandler<SessionBearer>());
        builder.Services.AddKeyedScoped(Anonymous, (services, _) => new ApiClients(Http(services, Anonymous)));
        builder.Services.AddScoped(services => new ApiClients(Http(services, "user")));
        builder.Services.AddScoped<LineCards>();
        builder.Services.AddScoped<ProductViews>();
        return builder;
    }

    private static HttpClient Http(IServiceProvider services, string name) => services.GetRequiredService<IHttpClientFactory>().CreateClient(name);

    private static void ConfigureClient(IHttpClientBuilder client)
    {
        // A page waits on these calls: retry what is safe to retry (reads, or a dropped connection) a little, and let a
        // refusal (409, 429) reach the shopper as it is instead of being retried into a different answer.
#pragma warning disable EXTEXP0001 // experimental, but the only way to replace the defaults every client gets
        client.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        client.AddStandardResilienceHandler(options =>
        {
            options.Retry.DisableForUnsafeHttpMethods();
            options.Retry.MaxRetryAttempts = 2;
            options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(10);
            options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(25);
        });
    }

    /// <summary>Adds the session's access token; the cookie handler has already refreshed it if it was about to expire.</summary>
    private sealed class SessionBearer(IHttpContextAccessor accessor) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (accessor.HttpContext is { } context
                && (await context.AuthenticateAsync(WebSession.Scheme)).Properties is { } properties
                && SessionTokens.Read(properties) is { } tokens)
            {
                request.Headers.Authorization = new("Bearer", tokens.AccessToken);
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>
    /// The browser's install id (<see cref="BrowserDevice"/>) for referral's anti-fraud checks, and the shopper's address for the gateway's per-IP limits: the one the gateway put in front of this request (only the
    /// gateway reaches the web client), else the connection's. The gateway believes it only from networks it trusts.
    /// </summary>
    private sealed class ForwardClient(IHttpContextAccessor accessor) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (accessor.HttpContext is { } context)
            {
                var forwarded = context.Request.Headers["X-Forwarded-For"].ToString().Split(',', StringSplitOptions.TrimEntries)[^1];
                var address = forwarded.Length > 0 ? forwarded : context.Connection.RemoteIpAddress?.ToString();
                if (address is not null) request.Headers.TryAddWithoutValidation("X-Forwarded-For", address);
                if (BrowserDevice.Of(context) is { } device) request.Headers.TryAddWithoutValidation(DeviceId.Header, device);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
