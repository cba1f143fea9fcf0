using Microsoft.AspNetCore.Hosting;
using MassTransit;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace SocialCommerce.TestSupport;

/// <summary>What every in-process service host in the suites needs from the test infrastructure.</summary>
public static class ServiceHostSettings
{
    /// <summary>
    /// Development, the fixture's own database and virtual host, and tokens from <see cref="TestTokens"/> instead of
    /// identity. UseSetting, not ConfigureAppConfiguration: Program reads these while composing.
    /// </summary>
    public static IWebHostBuilder UseTestPlatform(this IWebHostBuilder builder, string connectionString, string brokerUri, TestTokens tokens)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Database", connectionString);
        builder.UseSetting("ConnectionStrings:RabbitMq", brokerUri);
        builder.UseSetting("Auth:Authority", TestTokens.Issuer);
        builder.ConfigureTestServices(tokens.Trust);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ConsumedMessages>();
            services.AddConsumeObserver(provider => provider.GetRequiredService<ConsumedMessages>());
        });
        return builder;
    }
}
