using Dapper;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.ServiceDefaults.Postgres;
using SocialCommerce.TestSupport;

namespace SocialCommerce.ServiceDefaults.Tests.Messaging;

/// <summary>
/// A real host wired exactly as a service wires itself (AddPostgres + AddMessaging) against its own
/// database and virtual host on the test PostgreSQL and RabbitMQ.
/// </summary>
public sealed class MessagingHost : IAsyncDisposable
{
    private MessagingHost(IHost host, string connectionString, string brokerUri)
    {
        Host = host;
        ConnectionString = connectionString;
        BrokerUri = brokerUri;
    }

    public IHost Host { get; }
    public string ConnectionString { get; }
    public string BrokerUri { get; }
    public NpgsqlDataSource DataSource => Host.Services.GetRequiredService<NpgsqlDataSource>();
    public OutboxRelay Relay => Host.Services.GetRequiredService<OutboxRelay>();
    public OutboxStore Outbox => Host.Services.GetRequiredService<OutboxStore>();

    public static async Task<MessagingHost> StartAsync(bool relayRunning, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var connectionString = TestInfrastructure.NewDatabase("sdtest");
        var brokerUri = await TestInfrastructure.NewVirtualHostAsync("sdtest");
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Database"] = connectionString,
            ["ConnectionStrings:RabbitMq"] = brokerUri,
            ["Messaging:RetryIntervalsMs:0"] = "10",
            ["Messaging:RetryIntervalsMs:1"] = "10",
            ["Outbox:Enabled"] = relayRunning.ToString(),
            ["Outbox:PollInterval"] = "00:00:00.200",
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.AddPostgres(typeof(MessagingHost).Assembly);
        builder.AddMessaging("sdtest", bus =>
        {
            bus.AddConsumer<PingHappenedConsumer>();
            bus.AddConsumer<PoisonHappenedConsumer>();
        });
        var host = builder.Build();
        host.Services.GetRequiredService<DatabaseMigrator>().Migrate();
        await host.StartAsync();
        await host.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        return new MessagingHost(host, connectionString, brokerUri);
    }

    public async Task<long> EffectsAsync(Guid runId)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM test_effects WHERE run_id = @runId", new { runId });
    }

    public async Task<long> UnpublishedAsync()
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE published_at IS NULL");
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
        await TestInfrastructure.DeleteVirtualHostAsync(BrokerUri);
    }
}
