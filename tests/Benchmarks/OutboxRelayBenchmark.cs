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
/// Brief P5 (relay part): the relay as services run it (hosted, default options, woken by NOTIFY) drains a
/// backlog committed in one transaction: claim with SKIP LOCKED, publish with broker confirms, mark. The
/// messages land in a durable queue bound to the event's exchange, as a consumer's would. Messages per second
/// from the commit to the moment no unpublished row is left.
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
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddPostgres(typeof(OutboxRelayBenchmark).Assembly);
        builder.AddMessaging("bench");
        using var host = builder.Build();
        host.Services.GetRequiredService<DatabaseMigrator>().Migrate();
        await host.StartAsync();
        await BindQueueAsync(brokerUri);

        await InsertAsync(connectionString, 2_000);
        await WaitDrainedAsync(connectionString);

        await InsertAsync(connectionString, Messages);
        var clock = Stopwatch.StartNew();
        await WaitDrainedAsync(connectionString);
        clock.Stop();
        var options = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<OutboxRelayOptions>>().Value;

        Console.WriteLine();
        Console.WriteLine("## P5 outbox relay throughput");
        Console.WriteLine("| measure | figure |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| messages published and marked | {Messages} |");
        Console.WriteLine($"| elapsed | {clock.Elapsed.TotalSeconds:0.00} s |");
        Console.WriteLine($"| relay throughput ({options.Workers} workers × batches of {options.BatchSize}, publisher confirms) | **{Messages / clock.Elapsed.TotalSeconds:0} msg/s** (target ≥ 5,000) |");
        await host.StopAsync();
        await TestInfrastructure.DeleteVirtualHostAsync(brokerUri);
    }

    // Rows written in bulk, with the NOTIFY Outbox.AddAsync sends: the benchmark measures the relay, not inserts.
    private static async Task InsertAsync(string connectionString, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.ExecuteAsync(
            """
            INSERT INTO outbox_messages (id, message_type, body)
            SELECT gen_random_uuid(), @type, jsonb_build_object('sequence', g, 'text', 'order 2026112200' || g || ' paid')
            FROM generate_series(1, @count) AS g;
            SELECT pg_notify('outbox', '');
            """,
            new { type = Outbox.TypeName(typeof(BenchmarkHappened)), count });
    }

    private static async Task WaitDrainedAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        while (await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM outbox_messages WHERE published_at IS NULL)"))
        {
            await Task.Delay(20);
        }
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
