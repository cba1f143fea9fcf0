using System.Collections.Concurrent;
using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.Order;
using SocialCommerce.Order.Campaigns;
using SocialCommerce.Order.Carts;
using SocialCommerce.Order.Checkout;
using SocialCommerce.Order.FlashSales;
using SocialCommerce.Order.Orders;
using SocialCommerce.ServiceDefaults.Postgres;
using SocialCommerce.TestSupport;

namespace SocialCommerce.Benchmarks;

/// <summary>
/// P2's admission path in-process: what the flash-sale endpoint runs per attempt once validated (the remembered
/// sold-out check, then <see cref="FlashSaleQuota.AdmitAsync"/>: one call of order_flash_enqueue, which claims the
/// Idempotency-Key, admits the buyer with order_flash_admit and owes the call that will place the ticket's order), by 200
/// concurrent callers against order's real schema (with ServiceDefaults' owed_calls), each attempt with a new key and the
/// ticket's payload as the endpoint writes it. No worker places the orders here: this is the part the buyer waits for.
/// First the P2 rush (1,000 units, 20,000 attempts), checked unit by unit and ticket by ticket; then the sustained
/// admission rate with the quota in 16 buckets and in one, against pgbench running the bare guarded single-row UPDATE of a
/// bucket with the same 200 clients on the same server.
/// </summary>
public static class FlashSaleAdmissionBenchmark
{
    private const int Callers = 200;
    private const int Units = 1_000;
    private const int Attempts = 20_000;
    private const int Buyers = 5_000;
    private const int PerUserLimit = 2;
    private static readonly TimeSpan Sustained = TimeSpan.FromSeconds(10);
    private static readonly ShippingAddress Address = new("压测买家", "13800000001", "浙江省杭州市西湖区", "文三路 90 号 8 幢 301");

    public static async Task RunAsync()
    {
        // The pool as large as the callers; statements auto-prepared as every service's data source does (PostgresExtensions).
        var connectionString = PostgresExtensions.ForService(
            new NpgsqlConnectionStringBuilder(TestInfrastructure.NewDatabase("bench_flash")) { MaxPoolSize = Callers + 10 }.ConnectionString);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Database"] = connectionString,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddPostgres(typeof(FlashSaleQuota).Assembly);
        using var host = builder.Build();
        host.Services.GetRequiredService<DatabaseMigrator>().Migrate();
        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
        var buyers = Enumerable.Range(0, Buyers).Select(_ => Guid.CreateVersion7()).ToArray();

        // Warm: the pool's connections open and the path compiled, so the rush measures admission and not start-up.
        var warm = await CampaignAsync(dataSource, 100_000_000);
        var warmQuota = Quota(dataSource, buckets: 16);
        await warmQuota.EnsureBucketsAsync(warm);
        await SustainAsync(dataSource, warmQuota, warm, TimeSpan.FromSeconds(3));

        var rushCampaign = await CampaignAsync(dataSource, Units);
        var rushQuota = Quota(dataSource, buckets: 16);
        await rushQuota.EnsureBucketsAsync(rushCampaign);
        var rush = await RushAsync(dataSource, rushQuota, rushCampaign, buyers);
        var audit = await AuditAsync(dataSource, rushCampaign.Id);

        var sustained = new List<(int Buckets, Sustain Result)>();
        foreach (var buckets in new[] { 16, 1 })
        {
            var campaign = await CampaignAsync(dataSource, 100_000_000);
            var quota = Quota(dataSource, buckets);
            await quota.EnsureBucketsAsync(campaign);
            await SustainAsync(dataSource, quota, campaign, TimeSpan.FromSeconds(2));
            sustained.Add((buckets, await SustainAsync(dataSource, quota, campaign, Sustained)));
        }

        var hot = await CampaignAsync(dataSource, 100_000_000);
        await Quota(dataSource, buckets: 1).EnsureBucketsAsync(hot);
        dataSource.Clear();   // the callers' idle connections, so pgbench's clients fit under max_connections
        var pgbench = await Pgbench.TpsAsync(connectionString,
            $"UPDATE flash_sale_buckets SET remaining = remaining - 1 WHERE campaign_id = '{hot.Id}' AND bucket = 0 AND remaining >= 1;", Callers, Sustained);

        Print(rush, audit, sustained, pgbench);
    }

    private static FlashSaleQuota Quota(NpgsqlDataSource dataSource, int buckets) =>
        new(dataSource, Options.Create(new OrderOptions { FlashSaleBuckets = buckets }), new OrderMetrics(TestMeters.Factory), TimeProvider.System);

    private static async Task<Campaign> CampaignAsync(NpgsqlDataSource dataSource, int quota)
    {
        var campaign = new Campaign
        {
            Id = Guid.CreateVersion7(), Type = "flash-sale", SkuId = Guid.CreateVersion7(), ProductId = Guid.CreateVersion7(), ShopId = Guid.CreateVersion7(),
            MerchantId = Guid.CreateVersion7(), Title = "秒杀手机", Price = 99_900, Currency = "CNY", StartsAt = DateTime.UtcNow.AddMinutes(-1),
            EndsAt = DateTime.UtcNow.AddHours(1), Quota = quota, PerUserLimit = PerUserLimit,
        };
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            $"""
            INSERT INTO campaigns ({Campaign.Columns}, fetched_at)
            VALUES (@Id, @Type, @SkuId, @ProductId, @ShopId, @MerchantId, @Title, @Price, @Currency, @StartsAt, @EndsAt, @TeamSize, @TeamHours,
                    @Quota, @PerUserLimit, now())
            """,
            campaign);
        return campaign;
    }

    /// <summary>
    /// One attempt as the endpoint makes it with a new Idempotency-Key: turned away by the remembered sell-out (after the
    /// endpoint's look for an earlier use of the key), or decided by the admission, which writes the ticket's owed call.
    /// </summary>
    private static async Task<string> AttemptAsync(NpgsqlDataSource dataSource, FlashSaleQuota quota, Campaign campaign, Guid buyer)
    {
        var key = Guid.NewGuid().ToString();
        if (quota.LooksSoldOut(campaign.Id) && !await CheckoutClaims.ExistsAsync(dataSource, buyer, key)) return "sold-out-fast";
        var checkout = new CheckoutRequest([new CartLine(campaign.SkuId, 1)], Address, null);
        var admission = await quota.AdmitAsync(campaign, buyer, key, CheckoutClaims.Hash(CheckoutPlan.FlashSaleTarget(campaign.Id), checkout), 1,
            Guid.CreateVersion7(), PlaceTicketOrderCall.CallKind, new TicketOrder(buyer, key, campaign.Id, checkout, DateTimeOffset.UtcNow));
        return admission.Refusal?.Code ?? "admitted";
    }

    private static async Task<Rush> RushAsync(NpgsqlDataSource dataSource, FlashSaleQuota quota, Campaign campaign, Guid[] buyers)
    {
        var outcomes = new ConcurrentDictionary<string, int>();
        var admittedAt = new List<double>();
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < Attempts)
            {
                var outcome = await AttemptAsync(dataSource, quota, campaign, buyers[Random.Shared.Next(buyers.Length)]);
                outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
                if (outcome == "admitted")
                {
                    lock (admittedAt) admittedAt.Add(clock.Elapsed.TotalSeconds);
                }
            }
        })));
        return new Rush(outcomes, admittedAt.Count == 0 ? 0 : admittedAt.Max(), clock.Elapsed.TotalSeconds);
    }

    private static async Task<Sustain> SustainAsync(NpgsqlDataSource dataSource, FlashSaleQuota quota, Campaign campaign, TimeSpan duration)
    {
        long admitted = 0;
        var latencies = new List<double>[Callers];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            var own = latencies[caller] = new List<double>(20_000);
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                // A new buyer each time: the per-user limit is checked (a ledger row per buyer) but never the reason to stop.
                if (await AttemptAsync(dataSource, quota, campaign, Guid.CreateVersion7()) == "admitted") Interlocked.Increment(ref admitted);
                own.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })));
        var all = latencies.SelectMany(list => list).ToArray();
        return new Sustain(admitted / clock.Elapsed.TotalSeconds, Pgbench.Percentile(all, 50), Pgbench.Percentile(all, 99));
    }

    /// <summary>
    /// Every unit is in a bucket or held by one admission; every admission is a ticket (its key's claim and exactly one owed
    /// call to place its order); no buyer over the limit; no bucket below zero.
    /// </summary>
    private static async Task<Audit> AuditAsync(NpgsqlDataSource dataSource, Guid campaignId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<Audit>(
            """
            SELECT (SELECT coalesce(sum(remaining), 0) FROM flash_sale_buckets WHERE campaign_id = @campaignId) AS left,
                   (SELECT count(*) FROM flash_sale_admissions WHERE campaign_id = @campaignId AND state = 'held') AS admissions,
                   (SELECT coalesce(sum(quantity), 0) FROM flash_sale_admissions WHERE campaign_id = @campaignId AND state = 'held') AS held,
                   (SELECT count(*) FROM flash_sale_admissions a
                    WHERE a.campaign_id = @campaignId AND a.state = 'held'
                      AND EXISTS (SELECT 1 FROM checkout_requests r WHERE r.user_id = a.user_id AND r.order_id = a.order_id)
                      AND (SELECT count(*) FROM owed_calls c WHERE c.subject_id = a.order_id AND c.kind = @CallKind) = 1) AS tickets,
                   (SELECT count(*) FROM flash_sale_buyers WHERE campaign_id = @campaignId AND quantity > @PerUserLimit) AS overlimit
            """,
            new { campaignId, PerUserLimit, PlaceTicketOrderCall.CallKind });
    }

    private static void Print(Rush rush, Audit audit, List<(int Buckets, Sustain Result)> sustained, double pgbench)
    {
        var admitted = rush.Outcomes.GetValueOrDefault("admitted");
        Console.WriteLine();
        Console.WriteLine("## P2 — flash-sale admission in-process");
        Console.WriteLine($"Rush: {Units:N0} units, {Attempts:N0} attempts by {Callers} concurrent callers, {Buyers:N0} buyers (limit {PerUserLimit} each).");
        Console.WriteLine("| measure | figure |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| admitted | **{admitted:N0}** |");
        Console.WriteLine($"| oversold (units admitted beyond the quota) | **{Math.Max(0, audit.Held - Units)}** |");
        Console.WriteLine($"| lost (admissions answered but not in the database, admissions without their key and one owed call, units in neither) | **{Math.Abs(admitted - audit.Admissions)}**, **{audit.Admissions - audit.Tickets}**, **{Units - audit.Held - audit.Left}** |");
        Console.WriteLine($"| refused: sold out (database) / sold out (remembered) / over the per-user limit | {rush.Outcomes.GetValueOrDefault("sold-out")} / {rush.Outcomes.GetValueOrDefault("sold-out-fast")} / {rush.Outcomes.GetValueOrDefault("per-user-limit")} |");
        Console.WriteLine($"| buyers over the limit | {audit.OverLimit} |");
        Console.WriteLine($"| sold out after | {rush.SoldOutAfter * 1000:0} ms: **{admitted / rush.SoldOutAfter:N0} tickets/s** |");
        Console.WriteLine($"| all {Attempts:N0} attempts answered after | {rush.Elapsed * 1000:0} ms ({Attempts / rush.Elapsed:N0} attempts/s) |");
        Console.WriteLine();
        Console.WriteLine($"Sustained, {Callers} callers for {Sustained.TotalSeconds:0} s on an unlimited quota, a new buyer and key per attempt (each admission a ticket: key, admission, owed call):");
        Console.WriteLine("| path | admissions/s | p50 | p99 | ratio to pgbench |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (buckets, result) in sustained)
        {
            Console.WriteLine($"| order_flash_enqueue, quota in {buckets} bucket{(buckets == 1 ? "" : "s")} | **{result.PerSecond:N0}** | {result.P50:0.0} ms | {result.P99:0.0} ms | **{result.PerSecond / pgbench:0.00}** |");
        }

        Console.WriteLine($"| pgbench, the bare guarded single-row UPDATE of a bucket (-c {Callers} -j 2 -T {Sustained.TotalSeconds:0}) | **{pgbench:N0}** | | | 1.00 |");
    }

    private sealed record Rush(ConcurrentDictionary<string, int> Outcomes, double SoldOutAfter, double Elapsed);

    private sealed record Sustain(double PerSecond, double P50, double P99);

    private sealed record Audit(long Left, long Admissions, long Held, long Tickets, long OverLimit);
}
