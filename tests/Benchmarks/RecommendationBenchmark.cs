using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.Recommendation;
using SocialCommerce.Recommendation.Evaluation;
using SocialCommerce.Recommendation.Models;
using SocialCommerce.Recommendation.Serving;
using SocialCommerce.ServiceDefaults.Postgres;
using SocialCommerce.TestSupport;

namespace SocialCommerce.Benchmarks;

/// <summary>
/// Brief P6 on the generated shop (<see cref="SyntheticShop"/>: 50,000 users, 20,000 products, about 1,000,000 signals):
/// the offline evaluation (recall@20 and NDCG@20 of each model and the blend against popularity), then the same shop in
/// recommendation's real schema, its model job and nightly job timed, every shopper's personal candidates read into memory
/// as a replica does at its start, and for-you pages served by <see cref="ForYou"/> in-process (minus HTTP and JSON; P1
/// measures the gateway) to 1, 4 and 32 concurrent clients while the copy is refreshed every second.
/// </summary>
public static class RecommendationBenchmark
{
    private const int Sessions = 40_000;
    private const int PagesPerSession = 4;
    private const int PageSize = 20;

    /// <summary>
    /// Connections to PostgreSQL at once, as docs/configuration.md advises for recommendation on two cores (when each page
    /// read the database, 8 gave a p99 eight times lower than 40). Pages no longer read it; the copy's refresh and the
    /// background reloads of cards and trending lists do.
    /// </summary>
    private const int PoolSize = 8;

    public static async Task RunAsync()
    {
        var (connectionString, userIds) = await EvaluateAndTrainAsync();
        // The generated shop and the evaluation's models are garbage now, as they would be in the service (which never
        // holds them): collected before serving, so the pauses measured are those of a serving replica's heap.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        await ServeAsync(connectionString, userIds);
    }

    /// <summary>The offline evaluation, then the same shop loaded into recommendation's schema, its model job and `train` timed.</summary>
    private static async Task<(string ConnectionString, Guid[] UserIds)> EvaluateAndTrainAsync()
    {
        var shop = SyntheticShop.Generate(new ShopShape());
        Console.WriteLine();
        Console.WriteLine("## P6 recommendation");
        var report = OfflineEvaluation.Run(shop, new AlsSettings(), TimeProvider.System, Console.WriteLine);
        EvaluationCommand.Print(report, shop.Signals.Count);
        var baseline = report.Model("popularity");
        var blend = report.Model("blend");
        Console.WriteLine($"Blend recall@20 {blend.RecallAt20 / baseline.RecallAt20:0.00}× popularity (target ≥ 2× {(blend.RecallAt20 >= 2 * baseline.RecallAt20 ? "✔" : "✘")}), " +
            $"NDCG@20 {blend.NdcgAt20:0.0000} vs {baseline.NdcgAt20:0.0000} (target above {(blend.NdcgAt20 > baseline.NdcgAt20 ? "✔" : "✘")}).");

        var connectionString = new NpgsqlConnectionStringBuilder(TestInfrastructure.NewDatabase("bench_recommendation")) { MaxPoolSize = PoolSize, CommandTimeout = 3600 }.ConnectionString;
        new DatabaseMigrator(connectionString, typeof(RecommendationFeature).Assembly).Migrate();
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        var loading = Stopwatch.StartNew();
        var userIds = await RecommendationData.LoadAsync(connectionString, shop);
        loading.Stop();

        await using var dataSource = NpgsqlDataSource.Create(PostgresExtensions.ForService(connectionString));
        var options = Options.Create(new RecommendationOptions());
        var metrics = new RecommendationMetrics(TestMeters.Factory, TimeProvider.System, options);
        var job = Stopwatch.StartNew();
        await new ModelJob(dataSource, metrics).RunOnceAsync(DateTimeOffset.UtcNow);
        job.Stop();
        var training = Stopwatch.StartNew();
        var candidates = await new NightlyCandidates(dataSource, TimeProvider.System, NullLogger<NightlyCandidates>.Instance).RunAsync(new AlsSettings());
        training.Stop();
        Console.WriteLine();
        Console.WriteLine($"Loaded in {loading.Elapsed.TotalSeconds:0} s. Model job (trending, similar items and friends-bought in SQL) {job.Elapsed.TotalSeconds:0.0} s; " +
            $"`train` (load, ALS, {candidates:N0} candidates written) {training.Elapsed.TotalSeconds:0.0} s, peak working set " +
            $"{Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024):N0} MiB.");

        await using (var connection = new NpgsqlConnection(connectionString))
        {
            // As autovacuum would have by the time shoppers arrive: the candidates were just written (not through the
            // auto-preparing data source: a utility statement cannot be prepared).
            await connection.ExecuteAsync("VACUUM ANALYZE", commandTimeout: 0);
        }

        return (connectionString, userIds);
    }

    private static async Task ServeAsync(string connectionString, Guid[] userIds)
    {
        await using var dataSource = NpgsqlDataSource.Create(PostgresExtensions.ForService(connectionString));
        var options = Options.Create(new RecommendationOptions());

        // A replica's start: every shopper's personal candidates read into memory, timed and weighed.
        var personal = new PersonalCandidates(dataSource, options, TimeProvider.System);
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var load = Stopwatch.StartNew();
        await personal.RefreshAsync(CancellationToken.None);
        load.Stop();
        Console.WriteLine();
        Console.WriteLine($"Personal candidates of every shopper read into memory in {load.Elapsed.TotalSeconds:0.0} s, " +
            $"{(GC.GetTotalMemory(forceFullCollection: true) - heapBefore) / (1024 * 1024):N0} MiB of heap.");

        var forYou = new ForYou(personal, new TrendingLists(dataSource, options, TimeProvider.System), new ProductCards(dataSource, options, TimeProvider.System), options);
        var random = new Random(6);
        var readers = Enumerable.Range(0, Sessions).Select(_ => userIds[random.Next(userIds.Length)]).ToArray();
        // As in the service, the copy is brought up to date every second while pages are served.
        using var serving = new CancellationTokenSource();
        var refreshing = RefreshEverySecondAsync(personal, serving.Token);
        await ServeAsync(forYou, readers[..1_000], clients: 32, print: false);
        // What a first page costs the garbage collector: on two cores, its pauses are most of what the p99 of 32 clients is made of.
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        foreach (var reader in readers[..1_000]) await forYou.BlendAsync(reader, CancellationToken.None);
        Console.WriteLine($"A first page allocates {(GC.GetAllocatedBytesForCurrentThread() - allocated) / 1_000.0 / 1024:0.0} KiB.");
        foreach (var clients in new[] { 1, 4, 32 }) await ServeAsync(forYou, readers, clients, print: true);
        await serving.CancelAsync();
        Console.WriteLine();
        Console.WriteLine($"The in-memory copy was brought up to date {await refreshing} times while the pages were served.");
    }

    private static async Task<int> RefreshEverySecondAsync(PersonalCandidates personal, CancellationToken cancellationToken)
    {
        var looks = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await personal.RefreshAsync(cancellationToken);
                looks++;
            }
        }
        catch (OperationCanceledException)
        {
        }

        return looks;
    }

    /// <summary>
    /// Each session is a random shopper opening for-you (page 1, blended anew) and scrolling three more pages by the cursor
    /// (cut from the blend page 1 was cut from), as the endpoint does; each client runs one session after another.
    /// </summary>
    private static async Task ServeAsync(ForYou forYou, Guid[] readers, int clients, bool print)
    {
        var firstPages = new double[readers.Length];
        var laterPages = new double[readers.Length * (PagesPerSession - 1)];
        var reasons = new Dictionary<string, int>();
        var next = -1;
        var (gen0, gen1, gen2, paused) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < readers.Length)
            {
                for (var page = 0; page < PagesPerSession; page++)
                {
                    var started = Stopwatch.GetTimestamp();
                    var items = (await forYou.PagesAsync(readers[i], firstPage: page == 0, CancellationToken.None)).Skip(page * PageSize).Take(PageSize).ToList();
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    if (page == 0) firstPages[i] = elapsed;
                    else laterPages[i * (PagesPerSession - 1) + page - 1] = elapsed;
                    if (page > 0) continue;
                    lock (reasons)
                    {
                        foreach (var item in items) reasons[item.Reason] = reasons.GetValueOrDefault(item.Reason) + 1;
                    }
                }
            }
        })));
        clock.Stop();
        if (!print) return;
        var total = reasons.Values.Sum();
        Console.WriteLine();
        Console.WriteLine($"### for-you, {clients} concurrent client{(clients == 1 ? "" : "s")}, {readers.Length:N0} sessions of random shoppers ({PagesPerSession} pages of {PageSize} each), " +
            $"{readers.Length * PagesPerSession / clock.Elapsed.TotalSeconds:0} pages/s");
        Console.WriteLine();
        Console.WriteLine($"First pages by reason: {string.Join(", ", reasons.OrderByDescending(pair => pair.Value).Select(pair => $"{pair.Key} {100.0 * pair.Value / total:0} %"))}.");
        Console.WriteLine();
        Console.WriteLine("| pages | p50 | p90 | p99 | max |");
        Console.WriteLine("|---|---|---|---|---|");
        Row("page 1 (blended from memory)", firstPages);
        Row("pages 2–4 (blended from the kept inputs)", laterPages);
        Row("all pages", [.. firstPages, .. laterPages]);
        var pause = GC.GetTotalPauseDuration() - paused;
        Console.WriteLine();
        Console.WriteLine($"Garbage collections: {GC.CollectionCount(0) - gen0} (gen1 {GC.CollectionCount(1) - gen1}, gen2 {GC.CollectionCount(2) - gen2}), " +
            $"pausing {pause.TotalMilliseconds:0} ms, {100 * pause / clock.Elapsed:0} % of the run.");
    }

    private static void Row(string name, double[] latencies)
    {
        var sorted = latencies.Order().ToArray();
        double Percentile(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
        Console.WriteLine($"| {name} | {Percentile(50):0.00} ms | {Percentile(90):0.00} ms | **{Percentile(99):0.00} ms** (target ≤ 10 ms " +
            $"{(Percentile(99) <= 10 ? "✔" : "✘")}) | {sorted[^1]:0.0} ms |");
    }
}
