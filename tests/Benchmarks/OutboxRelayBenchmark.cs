using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RabbitMQ.Client;
using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.ServiceDefaults.Postgres;
using SocialCommerce.TestSupport;

namespace SocialCommerce.Benchmarks;

public sealed record BenchmarkHappened(long Sequence, string Text);

/// <summary>
/// Brief P5 (relay part): committed outbox rows drained to RabbitMQ by the real relay (claim with SKIP LOCKED,
/// publish with broker confirms, mark), into a durable queue bound to the event's exchange as a consumer's
/// would be. Messages per second from the first claim to the last mark.
/// </summary>
public static class OutboxRelayBenchmark
{
    private const int Messages = 50_000;

    public static async Task RunAsync()
    {
        var connectionString = TestInfrastructure.NewDatabase("bench");
        var brokerUri = await TestInfrastructure.NewVirtualHostAsync("bench");
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Database"] = connectionString,
            ["ConnectionStrings:RabbitMq"] = brokerUri,
            ["Outbox:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddPostgres(typeof(OutboxRelayBenchmark).Assembly);
        builder.AddMessaging("bench");
        using var host = builder.Build();
        host.Services.GetRequiredService<DatabaseMigrator>().Migrate();
        await host.StartAsync();
        await BindQueueAsync(brokerUri);

        var relay = host.Services.GetRequiredService<OutboxRelay>();
        await InsertAsync(connectionString, 2_000);
        while (await relay.PublishBatchAsync(CancellationToken.None) > 0) { }

        await InsertAsync(connectionString, Messages);
        var clock = Stopwatch.StartNew();
        var published = 0;
        int batch;
        while ((batch = await relay.PublishBatchAsync(CancellationToken.None)) > 0) published += batch;
        clock.Stop();

        Console.WriteLine();
        Console.WriteLine("## P5 outbox relay throughput");
        Console.WriteLine("| measure | figure |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| messages published and marked | {published} |");
        Console.WriteLine($"| elapsed | {clock.Elapsed.TotalSeconds:0.00} s |");
        Console.WriteLine($"| relay throughput (batch 500, publisher confirms) | **{published / clock.Elapsed.TotalSeconds:0} msg/s** (target ≥ 5,000) |");
        await host.StopAsync();
        await TestInfrastructure.DeleteVirtualHostAsync(brokerUri);
    }

    // Rows written in bulk: the benchmark measures the relay, not how fast a test can insert.
    private static async Task InsertAsync(string connectionString, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.ExecuteAsync(
            """
            INSERT INTO outbox_messages (id, message_type, body)
            SELECT gen_random_uuid(), @type, jsonb_build_object('sequence', g, 'text', 'order 2026112200' || g || ' paid')
            FROM generate_series(1, @count) AS g
            """,
            new { type = Outbox.TypeName(typeof(BenchmarkHappened)), count });
    }

    private static async Task BindQueueAsync(string brokerUri)
    {
        var factory = new ConnectionFactory { Uri = new Uri(brokerUri) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        const string exchange = "SocialCommerce.Benchmarks:BenchmarkHappened";
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
        await channel.QueueDeclareAsync("bench-benchmark-happened", durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync("bench-benchmark-happened", exchange, "");
    }
}
