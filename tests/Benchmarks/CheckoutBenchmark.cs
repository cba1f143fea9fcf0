using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using SocialCommerce.TestSupport;

namespace SocialCommerce.Benchmarks;

/// <summary>
/// Checkout end to end: shoppers check out one line through the gateway (order quotes and reserves at catalog, writes
/// the order, opens the payment at payment-adapter, which opens it at the sandbox provider) and press pay on the
/// sandbox's pay page; the provider's webhook (through the gateway) pays the payment, PaymentSucceeded pays the order,
/// the owed stock commit sells the units. Checkouts per second and latencies client side; where a checkout's time goes
/// from the order service's step histogram (<c>socialcommerce.order.checkout.step.duration</c>) and the request
/// duration histograms of order and gateway, scraped before and after each measured run, and the CPU each process used
/// per checkout. Each run counts the work it left owed when the load stopped (payments to apply, stock to commit), waited
/// for before the next run or a paired peer's turn: sustained checkouts/s divide by the run and that wait together.
/// Then nothing lost: every order placed is in the database and paid, and catalog sold exactly that many.
/// </summary>
public static partial class CheckoutBenchmark
{
    private const int SkuCount = 20;
    private const int Stock = 1_000_000;
    // One worker first: each step's cost without queueing, the baseline the loaded runs are read against.
    private static readonly int[] WorkerCounts = [1, 16, 32];
    private static readonly TimeSpan PlatformWarmUp = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan JitSlice = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxWarmUp = TimeSpan.FromSeconds(180);
    private const int LightWorkers = 2;
    private const double JitSettled = 0.02;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(20);
    private const int PairedRounds = 6;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan IdleSample = TimeSpan.FromSeconds(10);
    // Steps as order times them: since step [13] lock is part of claim, quote part of reserve, and attaching the payment
    // part of answer; a run of the earlier services reports them separately (a step without samples is left out).
    private static readonly string[] Steps = ["lock", "claim", "quote", "reserve", "write", "payment", "answer"];

    private static readonly object Address = new { name = "压测买家", phone = "13800000001", region = "浙江省杭州市西湖区", line1 = "文三路 90 号 8 幢 301" };

    /// <summary>
    /// The background cadences the services ship with (their appsettings and options), for <c>SC_BENCH_CADENCE=deployed</c>.
    /// By default the platform runs the suite's: recommendation's models every second over all purchases and its shoppers
    /// re-read five times a second, settlements and sweeps every second, whose cost grows with every order the run places.
    /// </summary>
    private static readonly Dictionary<string, string> DeployedCadences = new()
    {
        ["Recommendation__ModelIntervalSeconds"] = "60",
        ["Recommendation__PersonalRefreshMilliseconds"] = "1000",
        ["Recommendation__TrendingCacheSeconds"] = "5",
        ["Order__SweepInterval"] = "00:00:05",
        ["Referral__SettleInterval"] = "00:01:00",
        ["Referral__PayoutRetryInterval"] = "00:00:30",
        ["Social__TrimIntervalSeconds"] = "30",
    };

    private static bool Deployed => Environment.GetEnvironmentVariable("SC_BENCH_CADENCE") == "deployed";

    public static async Task RunAsync()
    {
        await using var platform = await LocalPlatform.StartAsync(authPerIpPerMinute: 1_000_000, perUserPerSecond: 1_000_000,
            Deployed ? DeployedCadences : null);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };

        var skus = await StockUpAsync(http, platform);
        var shoppers = await Accounts.SignUpShoppersAsync(http, WorkerCounts.Max());
        var soldBefore = await SoldAsync(platform, skus);

        var all = new ConcurrentBag<Attempt>();
        var runs = new List<Run>();
        var warmUp = await WarmUpPlatformAsync(http, shoppers, skus, all);
        // Paired with another process (BenchmarkPair): slices at the most workers only, in turns.
        var pair = BenchmarkPair.FromEnvironment();
        int[] columns = pair is null ? WorkerCounts : [.. Enumerable.Repeat(WorkerCounts.Max(), PairedRounds)];
        if (pair is not null) await pair.ReadyAsync();
        foreach (var (workers, round) in columns.Select((workers, i) => (workers, i + 1)))
        {
            if (pair is not null) await pair.TurnAsync(round);
            await LoadAsync(http, shoppers.Take(workers).ToList(), skus, WarmUp, $"warm-up {workers}", all);
            await WorkOffAsync(platform, skus, soldBefore, all);
            var jitBefore = await JitSecondsAsync(http);
            var before = await ScrapeAsync(http);
            var cpuBefore = Cpu.Take();
            var transactionsBefore = await TransactionsAsync();
            var clock = Stopwatch.StartNew();
            var measured = await LoadAsync(http, shoppers.Take(workers).ToList(), skus, Duration, $"{workers}", all);
            var elapsed = clock.Elapsed;
            // What the run left owed (payments to apply, stock to commit) is its own work: worked off and counted here, before
            // the next run or the peer's turn, so a platform that defers work cannot hand it to whoever measures next.
            var workedOff = await WorkOffAsync(platform, skus, soldBefore, all);
            var cpuAfter = Cpu.Take();
            var transactions = await TransactionsAsync() - transactionsBefore;
            var after = await ScrapeAsync(http);
            var jit = (await JitSecondsAsync(http)).Sum(pair => pair.Value - jitBefore[pair.Key]);
            runs.Add(new Run(workers, elapsed, measured, before, after, cpuBefore, cpuAfter, jit, transactions)
            {
                Slice = pair is null ? null : round, WorkOff = workedOff.Elapsed, WorkedOff = workedOff.Done,
            });
            pair?.Pass(round, columns.Length);
        }

        if (pair is not null) await pair.FinishedAsync();

        var users = shoppers.Select(s => s.UserId).ToArray();
        var placed = all.Where(a => a.OrderId is not null).ToList();
        var orders = await WaitAllPaidAsync(platform, users, placed.Count);
        var paidCount = orders.Count(o => o.Status == "paid");
        var sold = await WaitSoldAsync(platform, skus, soldBefore + paidCount);

        // The platform with nothing to do (sweepers, relays, health checks): what the loaded runs' CPU is read against.
        var idleBefore = Cpu.Take();
        var idleClock = Stopwatch.StartNew();
        await Task.Delay(IdleSample);
        var idle = (Before: idleBefore, After: Cpu.Take(), Elapsed: idleClock.Elapsed);

        Print(runs, warmUp, idle, orders, placed, all.Count, paidCount, soldBefore, sold, skus.Count);
    }

    // ---- setup ------------------------------------------------------------------------------------------------

    /// <summary>The first <see cref="SkuCount"/> listed SKUs of the demo merchant's shop, each given a million units through the gateway.</summary>
    private static async Task<IReadOnlyList<Guid>> StockUpAsync(HttpClient http, LocalPlatform platform)
    {
        await using var connection = new NpgsqlConnection(platform.CatalogDatabase);
        var skus = (await connection.QueryAsync<Guid>(
            """
            SELECT s.id FROM skus s JOIN products p ON p.id = s.product_id JOIN shops h ON h.id = p.shop_id
            WHERE p.status = 'listed' AND h.merchant_id = @merchant::uuid
            ORDER BY s.id LIMIT @count
            """,
            new { merchant = Accounts.MerchantUserId, count = SkuCount })).ToList();
        if (skus.Count == 0) throw new InvalidOperationException("The demo shop 好物小店 has no listed SKUs.");

        var token = await Accounts.SignInAsync(http, Accounts.MerchantPhone, Accounts.MerchantPassword);
        foreach (var sku in skus)
        {
            using var request = new HttpRequestMessage(HttpMethod.Patch, $"{LocalPlatform.GatewayUrl}/api/seller/skus/{sku}")
            {
                Content = JsonContent.Create(new { stock = Stock }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"PATCH stock of {sku}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return skus;
    }

    // ---- load -------------------------------------------------------------------------------------------------

    /// <summary>Closed loop per worker (one shopper each): check out one random SKU, then press pay on the sandbox page.</summary>
    private static async Task<List<Attempt>> LoadAsync(
        HttpClient http, IReadOnlyList<Shopper> shoppers, IReadOnlyList<Guid> skus, TimeSpan duration, string phase, ConcurrentBag<Attempt> all)
    {
        var clock = Stopwatch.StartNew();
        var perWorker = await Task.WhenAll(shoppers.Select(shopper => Task.Run(async () =>
        {
            var own = new List<Attempt>(4_096);
            while (clock.Elapsed < duration)
            {
                var attempt = await CheckoutAndPayAsync(http, shopper, skus[Random.Shared.Next(skus.Count)], phase);
                own.Add(attempt);
                all.Add(attempt);
            }

            return own;
        })));
        return perWorker.SelectMany(list => list).ToList();
    }

    private static async Task<Attempt> CheckoutAndPayAsync(HttpClient http, Shopper shopper, Guid skuId, string phase)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{LocalPlatform.GatewayUrl}/api/order/orders")
        {
            Content = JsonContent.Create(new { lines = new[] { new { skuId, quantity = 1 } }, shippingAddress = Address }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", shopper.Token);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());

        var started = Stopwatch.GetTimestamp();
        Guid orderId;
        string payUrl;
        double checkoutMs;
        try
        {
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            checkoutMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.Created) return Attempt.Failed(phase, checkoutMs, $"{(int)response.StatusCode}");
            using var json = JsonDocument.Parse(body);
            orderId = json.RootElement.GetProperty("orderId").GetGuid();
            payUrl = json.RootElement.GetProperty("payment").GetProperty("payUrl").GetString()!;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return Attempt.Failed(phase, Stopwatch.GetElapsedTime(started).TotalMilliseconds, exception.GetType().Name);
        }

        // The pay page's button, as the shopper's browser posts it: no token, the payment id in the URL is the permission.
        var payStarted = Stopwatch.GetTimestamp();
        var payOk = false;
        try
        {
            using var pay = await http.PostAsync($"{payUrl}/pay", null);
            payOk = pay.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
        }

        var payMs = Stopwatch.GetElapsedTime(payStarted).TotalMilliseconds;
        return new Attempt(phase, orderId, checkoutMs, payMs, payOk, DateTimeOffset.UtcNow, null);
    }

    /// <summary>
    /// Freshly started services spend their first minute or more compiling (tiered JIT, dynamic PGO), and the tier-up
    /// compiler only gets a core when the load leaves one: measured straight after 30 s of full load, the one-worker
    /// run cost about twice the CPU per checkout it costs once warm (order service 35 ms against 12–18 ms), most of the
    /// difference in the services' ".NET Tiered Compilation" threads. So: full load to get every path called, then light
    /// load until no service's JIT time grows by more than <see cref="JitSettled"/> of a core over a slice (each
    /// service's <c>dotnet.jit.compilation.time</c>).
    /// </summary>
    private static async Task<TimeSpan> WarmUpPlatformAsync(
        HttpClient http, IReadOnlyList<Shopper> shoppers, IReadOnlyList<Guid> skus, ConcurrentBag<Attempt> all)
    {
        var clock = Stopwatch.StartNew();
        await LoadAsync(http, shoppers.Take(WorkerCounts.Max()).ToList(), skus, PlatformWarmUp, "platform warm-up", all);
        var before = await JitSecondsAsync(http);
        while (clock.Elapsed < MaxWarmUp)
        {
            var slice = Stopwatch.StartNew();
            await LoadAsync(http, shoppers.Take(LightWorkers).ToList(), skus, JitSlice, "platform warm-up", all);
            var after = await JitSecondsAsync(http);
            var busiest = after.Max(pair => pair.Value - before[pair.Key]) / slice.Elapsed.TotalSeconds;
            before = after;
            if (busiest < JitSettled) break;
        }

        return clock.Elapsed;
    }

    private static async Task<Dictionary<string, double>> JitSecondsAsync(HttpClient http)
    {
        var seconds = new Dictionary<string, double>();
        foreach (var url in new[] { LocalPlatform.OrderUrl, LocalPlatform.CatalogUrl, LocalPlatform.PaymentAdapterUrl, LocalPlatform.IdentityUrl, LocalPlatform.GatewayMetricsUrl })
        {
            seconds[url] = Total(Parse(await http.GetStringAsync($"{url}/metrics")), "dotnet_jit_compilation_time_seconds_total");
        }

        return seconds;
    }

    // ---- after the runs ---------------------------------------------------------------------------------------

    /// <summary>Every order of the benchmark's shoppers, once all of them are paid or <see cref="Settle"/> has passed.</summary>
    private static async Task<List<OrderState>> WaitAllPaidAsync(LocalPlatform platform, Guid[] users, int placed)
    {
        var deadline = DateTime.UtcNow + Settle;
        while (true)
        {
            await using var connection = new NpgsqlConnection(platform.OrderDatabase);
            var orders = (await connection.QueryAsync<OrderState>(
                """
                SELECT o.id AS OrderId, o.status AS Status, o.paid_at AS PaidAt, e.created_at AS OrderPaidWrittenAt
                FROM orders o
                LEFT JOIN outbox_messages e ON e.message_type LIKE 'SocialCommerce.Contracts.Events.Order.OrderPaid,%'
                                           AND e.body->>'orderId' = o.id::text
                WHERE o.user_id = ANY(@users)
                """,
                new { users })).ToList();
            if ((orders.Count >= placed && orders.All(o => o.Status == "paid")) || DateTime.UtcNow > deadline) return orders;
            await Task.Delay(500);
        }
    }

    /// <summary>
    /// Waits until catalog has sold a unit for every checkout paid so far (the last step of each: payment applied, order paid,
    /// stock committed), at most <see cref="Settle"/>.
    /// </summary>
    private static async Task<(TimeSpan Elapsed, bool Done)> WorkOffAsync(
        LocalPlatform platform, IReadOnlyList<Guid> skus, long soldBefore, ConcurrentBag<Attempt> all)
    {
        var expected = soldBefore + all.Count(a => a.OrderId is not null && a.PayOk);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await SoldAsync(platform, skus) >= expected) return (clock.Elapsed, true);
            if (clock.Elapsed > Settle) return (clock.Elapsed, false);
            await Task.Delay(100);
        }
    }

    private static async Task<long> WaitSoldAsync(LocalPlatform platform, IReadOnlyList<Guid> skus, long expected)
    {
        var deadline = DateTime.UtcNow + Settle;
        while (true)
        {
            var sold = await SoldAsync(platform, skus);
            if (sold >= expected || DateTime.UtcNow > deadline) return sold;
            await Task.Delay(500);
        }
    }

    /// <summary>
    /// Transactions committed or rolled back so far on the whole test PostgreSQL server, by database (statistics lag by up
    /// to a second). The platform's databases are named after their service plus a random suffix; the rest is "other".
    /// </summary>
    private static async Task<Transactions> TransactionsAsync()
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(TestInfrastructure.PostgresServer) { Database = "postgres" }.ConnectionString);
        var rows = await connection.QueryAsync<(string, long)>("SELECT coalesce(datname, ''), (xact_commit + xact_rollback)::bigint FROM pg_stat_database");
        return new Transactions(rows.GroupBy(row => ServiceOf(row.Item1)).ToDictionary(g => g.Key, g => g.Sum(row => row.Item2)));
    }

    private static readonly string[] Services = ["identity", "catalog", "moderation", "payment", "order", "referral", "social", "recommendation"];

    private static string ServiceOf(string database) => Services.FirstOrDefault(database.Contains) ?? "other";

    private sealed record Transactions(Dictionary<string, long> ByService)
    {
        public long Total => ByService.Values.Sum();

        public static Transactions operator -(Transactions after, Transactions before) =>
            new(after.ByService.ToDictionary(pair => pair.Key, pair => pair.Value - before.ByService.GetValueOrDefault(pair.Key)));
    }

    private static async Task<long> SoldAsync(LocalPlatform platform, IReadOnlyList<Guid> skus)
    {
        await using var connection = new NpgsqlConnection(platform.CatalogDatabase);
        return await connection.ExecuteScalarAsync<long>("SELECT coalesce(sum(sold), 0) FROM skus WHERE id = ANY(@ids)", new { ids = skus.ToArray() });
    }

    // ---- metrics ----------------------------------------------------------------------------------------------

    private static async Task<Scrape> ScrapeAsync(HttpClient http) =>
        new(Parse(await http.GetStringAsync($"{LocalPlatform.OrderUrl}/metrics")), Parse(await http.GetStringAsync($"{LocalPlatform.GatewayMetricsUrl}/metrics")));

    /// <summary>Prometheus text format: one sample per line, <c>name{label="value",...} number [timestamp]</c>.</summary>
    private static List<Sample> Parse(string text)
    {
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n'))
        {
            var match = SampleLine().Match(line);
            if (!match.Success) continue;
            var labels = LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            if (double.TryParse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                samples.Add(new Sample(match.Groups["name"].Value, labels, value));
            }
        }

        return samples;
    }

    /// <summary>Sum of every series of <paramref name="name"/> whose labels include all of <paramref name="match"/>.</summary>
    private static double Total(List<Sample> samples, string name, params (string Label, string Value)[] match) =>
        samples.Where(s => s.Name == name && match.All(m => s.Labels.TryGetValue(m.Label, out var v) && v == m.Value)).Sum(s => s.Value);

    private static (double Sum, double Count) Delta(Run run, Func<Scrape, List<Sample>> of, string histogram, params (string, string)[] match) =>
        (Total(of(run.After), histogram + "_sum", match) - Total(of(run.Before), histogram + "_sum", match),
         Total(of(run.After), histogram + "_count", match) - Total(of(run.Before), histogram + "_count", match));

    /// <summary>
    /// Mean of <c>http.server.request.duration</c> over the run for POSTs under /api/order/ (only checkouts here): the
    /// order service's route is <c>/api/order/orders/</c>, the gateway's the proxy route <c>/api/order/{**rest}</c>.
    /// </summary>
    private static double MeanCheckoutRequestMs(Run run, Func<Scrape, List<Sample>> of)
    {
        var routes = of(run.After)
            .Where(s => s.Name == "http_server_request_duration_seconds_count" && s.Labels.GetValueOrDefault("http_request_method") == "POST"
                && s.Labels.GetValueOrDefault("http_route") is { } route && route.StartsWith("/api/order/", StringComparison.Ordinal))
            .Select(s => s.Labels["http_route"]).Distinct().ToList();
        double sum = 0, count = 0;
        foreach (var route in routes)
        {
            var (s, c) = Delta(run, of, "http_server_request_duration_seconds", ("http_request_method", "POST"), ("http_route", route));
            sum += s;
            count += c;
        }

        return count > 0 ? sum / count * 1000 : double.NaN;
    }

    // ---- report -----------------------------------------------------------------------------------------------

    private static void Print(List<Run> runs, TimeSpan warmUp, (Cpu Before, Cpu After, TimeSpan Elapsed) idle, List<OrderState> orders, List<Attempt> placed, int attempts, int paidCount, long soldBefore, long sold, int skuCount)
    {
        var byId = orders.ToDictionary(o => o.OrderId);
        Console.WriteLine();
        Console.WriteLine("## Checkout end to end (step 4; no §6 target)");
        Console.WriteLine($"Closed loop, one shopper per worker: POST /api/order/orders through the gateway (new Idempotency-Key, one line, quantity 1, " +
                          $"random SKU of {skuCount} of 好物小店 with {Stock:N0} units each), then POST {{payUrl}}/pay on the sandbox pay page; " +
                          $"warm-up of the whole platform ({PlatformWarmUp.TotalSeconds:0} s at {WorkerCounts.Max()} workers, then {LightWorkers} workers until no service spent more than " +
                          $"{JitSettled:P0} of a core compiling: {warmUp.TotalSeconds:0} s in all), then per column {WarmUp.TotalSeconds:0} s warm-up and {Duration.TotalSeconds:0} s measured; " +
                          (Deployed ? "background work at the services' deployed cadences." : "background work at the test suite's cadences (every second or faster)."));
        Console.WriteLine();
        if (runs.Any(r => r.Slice is not null))
        {
            Console.WriteLine($"Paired with another platform, in turns (BenchmarkPair, this one {BenchmarkPair.FromEnvironment()!.Label}): over all {runs.Count} slices " +
                              $"**{runs.Sum(r => r.Placed.Count) / runs.Sum(r => r.Busy.TotalSeconds):0.0} checkouts/s sustained** " +
                              $"(placed ÷ the runs and the work they left owed; {runs.Sum(r => r.Placed.Count) / runs.Sum(r => r.Elapsed.TotalSeconds):0.0} placed per measured second), " +
                              $"{runs.Sum(r => r.Transactions.Total) / (double)runs.Sum(r => r.Placed.Count):0.0} PostgreSQL transactions per checkout.");
            Console.WriteLine();
        }

        Console.WriteLine($"| measure | {string.Join(" | ", runs.Select(r => r.Label))} |");
        Console.WriteLine($"|---|{string.Concat(runs.Select(_ => "---|"))}");
        Row("checkouts placed (201) in the measured run", runs, r => $"{r.Placed.Count:N0} in {r.Elapsed.TotalSeconds:0.0} s");
        Row("checkouts/s while the load ran", runs, r => $"{r.Placed.Count / r.Elapsed.TotalSeconds:0.0}");
        Row("work left owed at the run's end (payments, stock commits), worked off in", runs,
            r => $"{r.WorkOff.TotalSeconds:0.0} s{(r.WorkedOff ? "" : " ✘ (not all)")}");
        Row("**checkouts/s sustained** (placed ÷ run + work-off)", runs, r => $"**{r.Placed.Count / r.Busy.TotalSeconds:0.0}**");

        Row("checkout latency p50 / p99 (client, through the gateway)", runs,
            r => $"{Percentile(r.Placed.Select(a => a.CheckoutMs), 50):0.0} ms / **{Percentile(r.Placed.Select(a => a.CheckoutMs), 99):0.0} ms**");
        Row("pay call p50 / p99 (sandbox pay page)", runs,
            r => $"{Percentile(r.Placed.Select(a => a.PayMs), 50):0.0} ms / {Percentile(r.Placed.Select(a => a.PayMs), 99):0.0} ms");
        Row("JIT compilation during the run (order, catalog, payment-adapter, identity, gateway)", runs, r => $"{r.JitSeconds * 1000:0} ms");
        Row("failed checkouts (not 201) / failed pay calls", runs,
            r => $"{r.Attempts.Count(a => a.OrderId is null)}{Reasons(r.Attempts)} / {r.Placed.Count(a => !a.PayOk)}");
        Row("pay → payment applied at the adapter (`orders.paid_at`, the webhook's time) p50 / p99", runs,
            r => Spread(r.Placed.Select(a => byId.TryGetValue(a.OrderId!.Value, out var o) && o.PaidAt is { } at ? (at - a.PaidReturnedAt).TotalMilliseconds : (double?)null)));
        Row("pay → order paid at order (webhook + PaymentSucceeded + consumer; the OrderPaid outbox row's `created_at`) p50 / p99", runs,
            r => Spread(r.Placed.Select(a => byId.TryGetValue(a.OrderId!.Value, out var o) && o.OrderPaidWrittenAt is { } at ? (at - a.PaidReturnedAt).TotalMilliseconds : (double?)null)));

        Console.WriteLine();
        Console.WriteLine("Where a checkout's time goes: mean per step from the order service's `socialcommerce.order.checkout.step.duration` " +
                          "(Δsum ÷ Δcount over the measured run), share of the steps' total; request means from `http.server.request.duration`.");
        Console.WriteLine();
        Console.WriteLine($"| step | {string.Join(" | ", runs.Select(r => $"{r.Label}: mean | share"))} |");
        Console.WriteLine($"|---|{string.Concat(runs.Select(_ => "---|---|"))}");
        var stepMeans = runs.Select(r => Steps.ToDictionary(step => step, step =>
        {
            var (sum, count) = Delta(r, s => s.Order, "socialcommerce_order_checkout_step_duration_seconds", ("step", step));
            return (MeanMs: count > 0 ? sum / count * 1000 : 0, Count: count);
        })).ToList();
        var stepTotals = stepMeans.Select(m => m.Values.Sum(v => v.MeanMs)).ToList();
        foreach (var step in Steps.Where(step => stepMeans.Any(m => m[step].Count > 0)))
        {
            Console.WriteLine($"| {step} | {string.Join(" | ", stepMeans.Select((m, i) => $"{m[step].MeanMs:0.00} ms | {m[step].MeanMs / stepTotals[i]:P0}"))} |");
        }

        Console.WriteLine($"| **steps, total** (order service) | {string.Join(" | ", stepTotals.Select(t => $"**{t:0.00} ms** | 100 %"))} |");
        Console.WriteLine($"| order service, whole POST /api/order/orders | {string.Join(" | ", runs.Select(r => $"{MeanCheckoutRequestMs(r, s => s.Order):0.00} ms | "))} |");
        Console.WriteLine($"| gateway, whole proxied request | {string.Join(" | ", runs.Select(r => $"{MeanCheckoutRequestMs(r, s => s.Gateway):0.00} ms | "))} |");
        Console.WriteLine($"| client, mean checkout latency | {string.Join(" | ", runs.Select(r => $"{r.Placed.Average(a => a.CheckoutMs):0.00} ms | "))} |");
        Console.WriteLine($"| client − steps (gateway + HTTP + auth + order outside the steps) | {string.Join(" | ", runs.Select((r, i) => $"{r.Placed.Average(a => a.CheckoutMs) - stepTotals[i]:0.00} ms | "))} |");
        Console.WriteLine($"| step samples per step (Δcount) | {string.Join(" | ", stepMeans.Select(m => $"{string.Join(" / ", m.Values.Select(v => $"{v.Count:0}").Distinct())} | "))} |");

        Console.WriteLine();
        Console.WriteLine("CPU per placed-and-paid checkout over the measured run and its work-off (utime + stime from /proc; PostgreSQL includes its exited backends), " +
                          "and how many of the machine's cores each kept busy:");
        Console.WriteLine();
        Console.WriteLine($"| process | {string.Join(" | ", runs.Select(r => $"{r.Label}: CPU per checkout | cores"))} | idle {idle.Elapsed.TotalSeconds:0} s after the runs: cores |");
        Console.WriteLine($"|---|{string.Concat(runs.Select(_ => "---|---|"))}---|");
        var groups = runs.SelectMany(r => r.CpuAfter.Seconds.Keys).Distinct()
            .OrderByDescending(g => runs.Sum(r => r.CpuAfter.Of(g) - r.CpuBefore.Of(g))).ToList();
        foreach (var group in groups)
        {
            Console.WriteLine($"| {group} | {string.Join(" | ", runs.Select(r => CpuCells(r, r.CpuAfter.Of(group) - r.CpuBefore.Of(group))))} | " +
                              $"{(idle.After.Of(group) - idle.Before.Of(group)) / idle.Elapsed.TotalSeconds:0.00} |");
        }

        Console.WriteLine($"| rest of the machine (kernel, anything else running) | {string.Join(" | ", runs.Select(r => CpuCells(r, Rest(r.CpuBefore, r.CpuAfter))))} | " +
                          $"{Rest(idle.Before, idle.After) / idle.Elapsed.TotalSeconds:0.00} |");
        Console.WriteLine($"| PostgreSQL transactions (whole server, pg_stat_database): per checkout, per second | " +
                          $"{string.Join(" | ", runs.Select(r => $"{(double)r.Transactions.Total / r.Placed.Count:0.0} | {r.Transactions.Total / r.Busy.TotalSeconds:0}/s"))} | |");
        Console.WriteLine($"| **whole machine** (/proc/stat, {Environment.ProcessorCount} cores) | {string.Join(" | ", runs.Select(r => CpuCells(r, r.CpuAfter.MachineBusy - r.CpuBefore.MachineBusy, bold: true)))} | " +
                          $"**{(idle.After.MachineBusy - idle.Before.MachineBusy) / idle.Elapsed.TotalSeconds:0.00}** |");

        Console.WriteLine();
        Console.WriteLine("Where the PostgreSQL transactions go, per checkout (each placed and paid), by the service whose database ran them:");
        Console.WriteLine();
        Console.WriteLine($"| database | {string.Join(" | ", runs.Select(r => r.Label))} |");
        Console.WriteLine($"|---|{string.Concat(runs.Select(_ => "---|"))}");
        foreach (var service in runs.SelectMany(r => r.Transactions.ByService.Keys).Distinct()
                     .OrderByDescending(service => runs.Sum(r => r.Transactions.ByService.GetValueOrDefault(service))))
        {
            Console.WriteLine($"| {service} | {string.Join(" | ", runs.Select(r => $"{(double)r.Transactions.ByService.GetValueOrDefault(service) / r.Placed.Count:0.00}"))} |");
        }

        Console.WriteLine($"| **all** | {string.Join(" | ", runs.Select(r => $"**{(double)r.Transactions.Total / r.Placed.Count:0.00}**"))} |");
        Console.WriteLine();
        Console.WriteLine("Nothing lost (all runs, warm-ups included):");
        Console.WriteLine();
        Console.WriteLine("| check | figure |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| checkouts answered 201 (client) / attempts | {placed.Count:N0} / {attempts:N0} |");
        Console.WriteLine($"| orders of the benchmark's shoppers in the order database | {orders.Count:N0} {(orders.Count == placed.Count ? "✔" : "✘")} |");
        Console.WriteLine($"| of them paid (within {Settle.TotalSeconds:0} s of the last run) | {paidCount:N0} {(paidCount == placed.Count ? "✔" : "✘")} |");
        Console.WriteLine($"| catalog sold of the {skuCount} SKUs, before → after | {soldBefore:N0} → {sold:N0} (+{sold - soldBefore:N0}) {(sold - soldBefore == paidCount ? "✔" : "✘")} |");
    }

    private static double Rest(Cpu before, Cpu after) =>
        after.MachineBusy - before.MachineBusy - after.Seconds.Sum(pair => pair.Value - before.Of(pair.Key));

    private static string CpuCells(Run run, double seconds, bool bold = false)
    {
        var perCheckout = run.Placed.Count == 0 ? double.NaN : seconds * 1000 / run.Placed.Count;
        return bold
            ? $"**{perCheckout:0.0} ms** | **{seconds / run.Busy.TotalSeconds:0.00}**"
            : $"{perCheckout:0.0} ms | {seconds / run.Busy.TotalSeconds:0.00}";
    }

    private static void Row(string measure, List<Run> runs, Func<Run, string> figure) =>
        Console.WriteLine($"| {measure} | {string.Join(" | ", runs.Select(figure))} |");

    private static string Reasons(List<Attempt> attempts)
    {
        var failed = attempts.Where(a => a.OrderId is null).GroupBy(a => a.Failure).Select(g => $"{g.Key}×{g.Count()}").ToList();
        return failed.Count == 0 ? "" : $" ({string.Join(", ", failed)})";
    }

    private static string Spread(IEnumerable<double?> values)
    {
        var known = values.Where(v => v is not null).Select(v => v!.Value).ToList();
        return known.Count == 0 ? "—" : $"{Percentile(known, 50):0} ms / {Percentile(known, 99):0} ms";
    }

    private static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>.*)\})?\s+(?<value>\S+)(?:\s+\S+)?\s*$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();

    private sealed record Attempt(string Phase, Guid? OrderId, double CheckoutMs, double PayMs, bool PayOk, DateTimeOffset PaidReturnedAt, string? Failure)
    {
        public static Attempt Failed(string phase, double checkoutMs, string failure) => new(phase, null, checkoutMs, 0, false, default, failure);
    }

    private sealed record Run(int Workers, TimeSpan Elapsed, List<Attempt> Attempts, Scrape Before, Scrape After, Cpu CpuBefore, Cpu CpuAfter, double JitSeconds, Transactions Transactions)
    {
        public List<Attempt> Placed { get; } = Attempts.Where(a => a.OrderId is not null).ToList();

        public int? Slice { get; init; }

        /// <summary>How long the work the run left owed took after it (<see cref="WorkOffAsync"/>); false when it outlasted the wait.</summary>
        public TimeSpan WorkOff { get; init; }

        public bool WorkedOff { get; init; }

        /// <summary>The run and its work-off: what CPU, transactions and sustained throughput are measured over.</summary>
        public TimeSpan Busy => Elapsed + WorkOff;

        public string Label => Workers == 1 ? "1 worker" : Slice is { } slice ? $"{Workers} workers, slice {slice}" : $"{Workers} workers";
    }

    /// <summary>
    /// CPU seconds used so far by each process of the run, grouped: the platform's deployables (by dll), PostgreSQL (every
    /// postgres process plus the children it reaped, so backends that ended still count), RabbitMQ (beam.smp) and this
    /// process; and the whole machine's busy seconds from /proc/stat.
    /// </summary>
    private sealed partial record Cpu(Dictionary<string, double> Seconds, double MachineBusy)
    {
        private const double TicksPerSecond = 100;   // USER_HZ, 100 on Linux

        public double Of(string group) => Seconds.GetValueOrDefault(group);

        public static Cpu Take()
        {
            var seconds = new Dictionary<string, double>();
            if (!OperatingSystem.IsLinux()) return new Cpu(seconds, 0);
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
                try
                {
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    var close = stat.LastIndexOf(')');
                    var comm = stat[(stat.IndexOf('(') + 1)..close];
                    var fields = stat[(close + 2)..].Split(' ');   // fields[0] is field 3 (state): utime is 14, stime 15, cutime 16, cstime 17
                    var own = long.Parse(fields[11]) + long.Parse(fields[12]);
                    var children = long.Parse(fields[13]) + long.Parse(fields[14]);
                    string? group;
                    if (pid == Environment.ProcessId) group = "load generator (this process)";
                    else if (comm == "postgres") { group = "PostgreSQL"; own += children; }
                    else if (comm == "beam.smp") group = "RabbitMQ";
                    else
                    {
                        var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                        var dll = Deployable().Match(commandLine);
                        group = dll.Success && commandLine.Contains(TestInfrastructure.RepoRoot, StringComparison.Ordinal) ? dll.Groups[1].Value : null;
                    }

                    if (group is not null) seconds[group] = seconds.GetValueOrDefault(group) + own / TicksPerSecond;
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
                {
                    // The process ended while being read.
                }
            }

            var machine = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
            var busy = machine[0] + machine[1] + machine[2] + machine[5] + machine[6];   // user nice system (idle iowait) irq softirq (steal)
            return new Cpu(seconds, busy / TicksPerSecond);
        }

        [GeneratedRegex(@"SocialCommerce\.([A-Za-z]+)\.dll")]
        private static partial Regex Deployable();
    }

    private sealed record Scrape(List<Sample> Order, List<Sample> Gateway);

    private sealed record Sample(string Name, Dictionary<string, string> Labels, double Value);

    private sealed class OrderState
    {
        public Guid OrderId { get; init; }
        public string Status { get; init; } = "";
        public DateTime? PaidAt { get; init; }
        public DateTime? OrderPaidWrittenAt { get; init; }
    }
}
