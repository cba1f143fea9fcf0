using System.Diagnostics;
using Dapper;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using SocialCommerce.Contracts.Events.Order;
using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.ServiceDefaults.Postgres;
using SocialCommerce.TestSupport;

namespace SocialCommerce.Benchmarks;

/// <summary>
/// Brief P5 (latency part): OrderPaid → commission accrued at a steady 500 orders/s. referral-commission runs as a real
/// process on its own database and RabbitMQ virtual host; 1,000 buyers are bound two tiers deep. The benchmark publishes
/// OrderPaid on the broker at a fixed rate (as order's outbox relay would), stamped with the publish time as its paid time;
/// each ledger line records when its transaction ran (<c>recorded_at</c>), so latency = recorded_at − paid time, read from
/// the database afterwards (no listener competing for the two cores).
/// </summary>
public static class ReferralLatencyBenchmark
{
    // The target's rate, and half of it: where this machine stands against the target, and what it sustains.
    private static readonly int[] Rates = [250, 500];
    private const int Buyers = 1_000;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(20);

    public static async Task RunAsync()
    {
        foreach (var rate in Rates) await RunAsync(rate);
    }

    private static async Task RunAsync(int rate)
    {
        var referralDatabase = TestInfrastructure.NewDatabase("bench_referral");
        var brokerUri = await TestInfrastructure.NewVirtualHostAsync("bench");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Kestrel__Endpoints__Http__Url"] = LocalPlatform.ReferralUrl,
            ["ConnectionStrings__Database"] = referralDatabase,
            ["ConnectionStrings__RabbitMq"] = brokerUri,
            ["Auth__Authority"] = LocalPlatform.IdentityUrl,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        await ServiceProcess.RunCommandAsync(LocalPlatform.ReferralProject, "migrate", environment);
        var buyers = await SeedChainsAsync(referralDatabase);
        await using var referral = ServiceProcess.Start(LocalPlatform.ReferralProject, environment);
        await referral.WaitHealthyAsync(LocalPlatform.ReferralUrl, TimeSpan.FromSeconds(60));

        using var host = await StartBusAsync(brokerUri);
        var bus = host.Services.GetRequiredService<IBus>();
        var warmUp = await PublishAtRateAsync(bus, buyers, WarmUp, rate);
        await WaitRecordedAsync(referralDatabase, warmUp * 2, TimeSpan.FromSeconds(60));
        var start = DateTimeOffset.UtcNow;

        var clock = Stopwatch.StartNew();
        var sent = await PublishAtRateAsync(bus, buyers, Duration, rate);
        var publishing = clock.Elapsed;
        var recorded = await WaitRecordedAsync(referralDatabase, (warmUp + sent) * 2, TimeSpan.FromSeconds(120));
        Print(rate, sent, publishing, recorded - warmUp * 2, await LatenciesAsync(referralDatabase, start));
        await host.StopAsync();
    }

    /// <summary>Buyer i is bound to mid-level referrer i % 100, who is bound to top referrer i % 10: two tiers for every order.</summary>
    private static async Task<Guid[]> SeedChainsAsync(string connectionString)
    {
        var top = Enumerable.Range(0, 10).Select(_ => Guid.CreateVersion7()).ToArray();
        var mid = Enumerable.Range(0, 100).Select(_ => Guid.CreateVersion7()).ToArray();
        var buyers = Enumerable.Range(0, Buyers).Select(_ => Guid.CreateVersion7()).ToArray();
        var rows = mid.Select((m, i) => (User: m, Referrer: top[i % top.Length]))
            .Concat(buyers.Select((b, i) => (User: b, Referrer: mid[i % mid.Length])));
        await using var connection = new NpgsqlConnection(connectionString);
        foreach (var (user, referrer) in rows)
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO bindings (user_id, referrer_id, code, source, bound_at, expires_at)
                VALUES (@user, @referrer, 'BENCH', 'api', now() - interval '1 day', now() + interval '30 days')
                """,
                new { user, referrer });
        }

        return buyers;
    }

    private static async Task<IHost> StartBusAsync(string brokerUri)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Database"] = TestInfrastructure.NewDatabase("bench_probe"),
            ["ConnectionStrings:RabbitMq"] = brokerUri,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddPostgres(typeof(ReferralLatencyBenchmark).Assembly);
        builder.AddMessaging("bench");
        var host = builder.Build();
        host.Services.GetRequiredService<DatabaseMigrator>().Migrate();
        await host.StartAsync();
        return host;
    }

    /// <summary>A fixed schedule (at 500/s one order every 2 ms), not a closed loop: a slow consumer does not slow the offered load.</summary>
    private static async Task<int> PublishAtRateAsync(IBus bus, Guid[] buyers, TimeSpan duration, int rate)
    {
        var count = (int)(duration.TotalSeconds * rate);
        var clock = Stopwatch.StartNew();
        var pending = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            pending.Add(bus.Publish(new OrderPaid(Guid.CreateVersion7(), $"B{i:D8}", buyers[i % buyers.Length], Guid.Empty, Guid.CreateVersion7(), 19_900, "CNY",
                [], null, DateTimeOffset.UtcNow)));
        }

        await Task.WhenAll(pending);
        return count;
    }

    private static async Task<long> WaitRecordedAsync(string connectionString, long expected, TimeSpan timeout)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var deadline = Stopwatch.StartNew();
        long recorded;
        while ((recorded = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM commission_entries")) < expected && deadline.Elapsed < timeout)
        {
            await Task.Delay(200);
        }

        return recorded;
    }

    private static async Task<double[]> LatenciesAsync(string connectionString, DateTimeOffset since)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return (await connection.QueryAsync<double>(
            "SELECT extract(epoch FROM recorded_at - created_at) * 1000 FROM commission_entries WHERE created_at >= @since", new { since })).ToArray();
    }

    private static void Print(int rate, int sent, TimeSpan publishing, long recorded, double[] latencies)
    {
        Console.WriteLine();
        Console.WriteLine($"## P5 — OrderPaid → commission accrued at {rate}/s");
        Console.WriteLine($"{sent:N0} orders at {rate}/s offered ({sent / publishing.TotalSeconds:0}/s achieved), each accruing two tiers.");
        Console.WriteLine("| measure | figure |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| ledger lines recorded / expected | {recorded:N0} / {sent * 2:N0} |");
        Console.WriteLine($"| latency p50 / p95 | {Pgbench.Percentile(latencies, 50):0} ms / {Pgbench.Percentile(latencies, 95):0} ms |");
        Console.WriteLine($"| latency **p99** / max | **{Pgbench.Percentile(latencies, 99):0} ms** (target < 1,000 ms) / {latencies.DefaultIfEmpty().Max():0} ms |");
    }
}
