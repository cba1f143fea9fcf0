using System.Collections.Concurrent;
using System.Diagnostics;
using Dapper;
using Npgsql;
using SocialCommerce.TestSupport;

namespace SocialCommerce.Benchmarks;

/// <summary>
/// P2 end to end: the platform as <see cref="LocalPlatform"/> starts it, one flash sale of 1,000 units, 200 shoppers as
/// 200 concurrent clients making 20,000 attempts in all through the gateway (each attempt a new Idempotency-Key,
/// quantity 1; the per-user limit of 10 leaves room for every unit to sell). Every 201 is an order with a payment; then
/// order's and catalog's databases are audited: orders, units, and catalog's reserved stock must all be the 1,000.
/// </summary>
public static class FlashSaleRushBenchmark
{
    private const int Clients = 200;
    private const int Units = 1_000;
    private const int Attempts = 20_000;

    public static async Task RunAsync()
    {
        await using var platform = await LocalPlatform.StartAsync(authPerIpPerMinute: 1_000_000, perUserPerSecond: 1_000_000);
        using var http = Campaigns.NewHttpClient();
        var merchant = await Accounts.SignInAsync(http, Accounts.MerchantPhone, Accounts.MerchantPassword);
        var shoppers = await Accounts.SignUpShoppersAsync(http, Clients);

        // A smaller sale first, so the rush meets compiled code and open connection pools rather than start-up.
        await RushAsync(http, shoppers, await CampaignAsync(platform, http, merchant, skuIndex: 1, units: 200), attempts: 4_000);
        var sku = await Campaigns.SkuAsync(platform, 0);
        var reservedBefore = await CatalogAsync(platform, "SELECT reserved FROM skus WHERE id = @Id", sku);
        var campaignId = await CampaignAsync(platform, http, merchant, skuIndex: 0, units: Units);
        var rush = await RushAsync(http, shoppers, campaignId, Attempts);
        var audit = await AuditAsync(platform, campaignId);
        var reserved = await CatalogAsync(platform, "SELECT reserved FROM skus WHERE id = @Id", sku) - reservedBefore;
        Print(rush, audit, reserved);
    }

    private static async Task<Guid> CampaignAsync(LocalPlatform platform, HttpClient http, string merchant, int skuIndex, int units)
    {
        var sku = await Campaigns.SkuAsync(platform, skuIndex);
        return await Campaigns.CreateAsync(http, merchant, sku.Id, 1_000_000, startsAt => new
        {
            type = "flash-sale", skuId = sku.Id, price = new { amount = sku.Price / 2, currency = "CNY" }, startsAt,
            endsAt = startsAt.AddHours(1), quota = units, perUserLimit = 10,
        });
    }

    private static async Task<Rush> RushAsync(HttpClient http, IReadOnlyList<Shopper> shoppers, Guid campaignId, int attempts)
    {
        var answers = new ConcurrentBag<Answer>();
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(shoppers.Select(shopper => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < attempts)
            {
                var (status, body, ms) = await Campaigns.PostAsync(http, $"/api/order/flash-sales/{campaignId}/orders", shopper.Token,
                    new { quantity = 1, shippingAddress = Campaigns.Address });
                var orderId = status == 201 ? body!.Value.GetProperty("orderId").GetGuid() : (Guid?)null;
                var code = status is 409 or 429 && body?.TryGetProperty("code", out var c) == true ? c.GetString() : null;
                answers.Add(new Answer(status, code, orderId, ms, clock.Elapsed.TotalSeconds));
            }
        })));
        return new Rush(campaignId, answers.ToList(), clock.Elapsed.TotalSeconds);
    }

    private static async Task<Audit> AuditAsync(LocalPlatform platform, Guid campaignId)
    {
        await using var connection = new NpgsqlConnection(platform.OrderDatabase);
        var orders = (await connection.QueryAsync<Guid>(
            "SELECT id FROM orders WHERE campaign_id = @campaignId AND status <> 'cancelled'", new { campaignId })).ToHashSet();
        var units = await connection.ExecuteScalarAsync<long>(
            """
            SELECT coalesce(sum(l.quantity), 0) FROM orders o JOIN order_lines l ON l.order_id = o.id
            WHERE o.campaign_id = @campaignId AND o.status <> 'cancelled'
            """,
            new { campaignId });
        var left = await connection.ExecuteScalarAsync<long>("SELECT coalesce(sum(remaining), 0) FROM flash_sale_buckets WHERE campaign_id = @campaignId", new { campaignId });
        return new Audit(orders, units, left);
    }

    private static async Task<long> CatalogAsync(LocalPlatform platform, string sql, (Guid Id, long Price) sku)
    {
        await using var connection = new NpgsqlConnection(platform.CatalogDatabase);
        return await connection.ExecuteScalarAsync<long>(sql, new { sku.Id });
    }

    private static void Print(Rush rush, Audit audit, long reserved)
    {
        var placed = rush.Answers.Where(a => a.Status == 201).ToList();
        var refused = rush.Answers.Where(a => a.Status is 409 or 429).ToList();
        var failed = rush.Answers.Count(a => a.Status is not (201 or 409 or 429));
        var soldOutAt = placed.Count == 0 ? 0 : placed.Max(a => a.At);
        var afterSellOut = refused.Where(a => a.At > soldOutAt).Select(a => a.Ms).ToArray();
        var answered = placed.Select(a => a.OrderId!.Value).ToHashSet();
        Console.WriteLine();
        Console.WriteLine("## P2 — flash-sale rush through the gateway");
        Console.WriteLine($"{Units:N0} units, {Attempts:N0} attempts by {Clients} concurrent clients (one shopper each, limit 10 each), quantity 1.");
        Console.WriteLine("| measure | figure |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| orders (201, each with its payment) | **{placed.Count:N0}** |");
        Console.WriteLine($"| oversold (units in live orders beyond the quota; catalog units reserved beyond it) | **{Math.Max(0, audit.Units - Units)}**; **{Math.Max(0, reserved - Units)}** |");
        Console.WriteLine($"| lost (201s without their order, orders nobody was answered, units neither sold nor left) | **{answered.Except(audit.Orders).Count()}**, **{audit.Orders.Except(answered).Count()}**, **{Units - audit.Units - audit.Left}** |");
        Console.WriteLine($"| catalog units reserved by the sale | {reserved:N0} |");
        Console.WriteLine($"| refused: {string.Join(" / ", refused.GroupBy(a => $"{a.Status} {a.Code}").OrderBy(g => g.Key).Select(g => $"{g.Key} ×{g.Count():N0}"))} | {refused.Count:N0} |");
        Console.WriteLine($"| failed (5xx or no answer) | {failed} |");
        Console.WriteLine($"| sold out after | {soldOutAt:0.0} s: **{placed.Count / soldOutAt:0} orders/s** |");
        Console.WriteLine($"| all attempts answered after | {rush.Elapsed:0.0} s ({rush.Answers.Count / rush.Elapsed:0} attempts/s) |");
        Console.WriteLine($"| order (201) latency p50 / p99 | {Pgbench.Percentile(placed.Select(a => a.Ms).ToArray(), 50):0} ms / {Pgbench.Percentile(placed.Select(a => a.Ms).ToArray(), 99):0} ms |");
        Console.WriteLine($"| refusal after the sell-out p50 / p99 ({afterSellOut.Length:N0}) | {Pgbench.Percentile(afterSellOut, 50):0.0} ms / {Pgbench.Percentile(afterSellOut, 99):0.0} ms |");
    }

    private sealed record Answer(int Status, string? Code, Guid? OrderId, double Ms, double At);

    private sealed record Rush(Guid CampaignId, List<Answer> Answers, double Elapsed);

    private sealed record Audit(HashSet<Guid> Orders, long Units, long Left);
}
