using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using SocialCommerce.Catalog;
using SocialCommerce.Catalog.Stock;
using SocialCommerce.ServiceDefaults.Postgres;
using SocialCommerce.TestSupport;

namespace SocialCommerce.Benchmarks;

/// <summary>
/// Stock reservation on one hot SKU: the whole Reserve path of the Stock service (reservation row, guarded
/// UPDATE, lines, threshold check, commit), called in-process by concurrent callers, against pgbench running
/// only the guarded single-row UPDATE on the same server. The row lock on the hot SKU is the bottleneck of
/// both, so the ratio shows what the rest of the path costs while that lock is held.
/// </summary>
public static class StockReservationBenchmark
{
    private const int Callers = 32;
    private const int Stock = 100_000_000;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);

    public static async Task RunAsync()
    {
        var connectionString = TestInfrastructure.NewDatabase("bench");
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Database"] = connectionString,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddPostgres(typeof(ReservationStore).Assembly);
        builder.Services.AddOptions<CatalogOptions>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddStockFeature();
        using var host = builder.Build();
        host.Services.GetRequiredService<DatabaseMigrator>().Migrate();
        var store = host.Services.GetRequiredService<ReservationStore>();
        var (serviceSku, pgbenchSku) = (await SeedHotSkuAsync(connectionString), await SeedHotSkuAsync(connectionString));

        await ReserveLoopAsync(store, serviceSku, TimeSpan.FromSeconds(2));
        var (reserved, rejected, elapsed, latencies) = await ReserveLoopAsync(store, serviceSku, Duration);
        var perSecond = reserved / elapsed.TotalSeconds;
        var levels = await LevelsAsync(connectionString, serviceSku);
        var pgbenchTps = await Pgbench.TpsAsync(connectionString,
            $"UPDATE skus SET available = available - 1, reserved = reserved + 1 WHERE id = '{pgbenchSku}' AND available >= 1;", Callers, Duration);

        Console.WriteLine();
        Console.WriteLine("## Stock reservation on one hot SKU");
        Console.WriteLine("| measure | figure |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| Reserve path (ReservationStore.ReserveAsync, {Callers} in-process callers, {Duration.TotalSeconds:0} s, quantity 1) | **{perSecond:0} reservations/s** ({reserved} reserved, {rejected} rejected) |");
        Console.WriteLine($"| Reserve latency p50 / p99 | {Pgbench.Percentile(latencies, 50):0.0} ms / {Pgbench.Percentile(latencies, 99):0.0} ms |");
        Console.WriteLine($"| pgbench, guarded single-row UPDATE (-c {Callers} -j 2 -T {Duration.TotalSeconds:0}) | **{pgbenchTps:0} tps** |");
        Console.WriteLine($"| ratio Reserve path / pgbench | **{perSecond / pgbenchTps:0.00}** |");
        Console.WriteLine($"| available + reserved + sold after the run | {levels.Available} + {levels.Reserved} + {levels.Sold} = {levels.Available + levels.Reserved + levels.Sold} (stocked {Stock}) |");
    }

    private static async Task<(long Reserved, long Rejected, TimeSpan Elapsed, double[] LatenciesMs)> ReserveLoopAsync(
        ReservationStore store, Guid skuId, TimeSpan duration)
    {
        long reserved = 0, rejected = 0;
        var latencies = new List<double>[Callers];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            var own = latencies[caller] = new List<double>(50_000);
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                var result = await store.ReserveAsync(Guid.CreateVersion7(), [new StockLine(skuId, 1)]);
                own.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Increment(ref result.Outcome == ReservationOutcome.Reserved ? ref reserved : ref rejected);
            }
        })));
        return (reserved, rejected, clock.Elapsed, latencies.SelectMany(list => list).ToArray());
    }

    private static async Task<Guid> SeedHotSkuAsync(string connectionString)
    {
        var (shopId, productId, skuId) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.ExecuteAsync(
            """
            INSERT INTO shops (id, merchant_id, application_id, name) VALUES (@shopId, gen_random_uuid(), gen_random_uuid(), '秒杀旗舰店');
            INSERT INTO products (id, shop_id, category_id, title, description, images, tags, status, min_price, listed_at)
            VALUES (@productId, @shopId, 401, '秒杀手机', '限量', '{}', '{}', 'listed', 99900, now());
            INSERT INTO skus (id, product_id, attributes, attributes_key, price, list_price, available)
            VALUES (@skuId, @productId, '{"颜色": "黑"}', '颜色=黑', 99900, 129900, @stock);
            """,
            new { shopId, productId, skuId, stock = Stock });
        return skuId;
    }

    private static async Task<(int Available, int Reserved, int Sold)> LevelsAsync(string connectionString, Guid skuId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.QuerySingleAsync<(int, int, int)>("SELECT available, reserved, sold FROM skus WHERE id = @skuId", new { skuId });
    }
}
