using System.Collections.Concurrent;
using System.Diagnostics;
using Dapper;
using Npgsql;
using SocialCommerce.TestSupport;

namespace SocialCommerce.Benchmarks;

/// <summary>
/// P2 end to end: the platform as <see cref="LocalPlatform"/> starts it, one flash sale of 1,000 units, 200 shoppers as
/// 200 concurrent clients making 20,000 attempts in all through the gateway (each attempt a new Idempotency-Key,
/// quantity 1; the per-user limit of 10 leaves room for every unit to sell). Every attempt is answered at admission: 202
/// with a ticket, 409 sold out or 429 over the limit. Then the tickets' orders are waited for (placed by order's owed-call
/// lane after the answers) and order's and catalog's databases are audited: tickets, orders with their payments, units,
/// and catalog's reserved stock must all be the 1,000.
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
        await WaitForTicketsAsync(platform, await RushAsync(http, shoppers, await CampaignAsync(platform, http, merchant, skuIndex: 1, units: 200), attempts: 4_000));
        var sku = await Campaigns.SkuAsync(platform, 0);
        var reservedBefore = await CatalogAsync(platform, "SELECT reserved FROM skus WHERE id = @Id", sku);
        var campaignId = await CampaignAsync(platform, http, merchant, skuIndex: 0, units: Units);
        var rush = await RushAsync(http, shoppers, campaignId, Attempts);
        await WaitForTicketsAsync(platform, rush);
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
        var startedAt = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(shoppers.Select(shopper => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < attempts)
            {
                var (status, body, ms) = await Campaigns.PostAsync(http, $"/api/order/flash-sales/{campaignId}/orders", shopper.Token,
                    new { quantity = 1, shippingAddress = Campaigns.Address });
                var ticketId = status == 202 ? body!.Value.GetProperty("ticketId").GetGuid() : (Guid?)null;
                var code = status is 409 or 429 && body?.TryGetProperty("code", out var c) == true ? c.GetString() : null;
                answers.Add(new Answer(status, code, ticketId, ms, clock.Elapsed.TotalSeconds));
            }
        })));
        return new Rush(campaignId, answers.ToList(), clock.Elapsed.TotalSeconds, startedAt);
    }

    /// <summary>Waits until every admitted ticket has its answer (the order placed, or refused), at most five minutes.</summary>
    private static async Task WaitForTicketsAsync(LocalPlatform platform, Rush rush)
    {
        var tickets = rush.Answers.Where(a => a.TicketId is not null).Select(a => a.TicketId!.Value).ToArray();
        await using var connection = new NpgsqlConnection(platform.OrderDatabase);
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (await connection.ExecuteScalarAsync<long>(
                   "SELECT count(*) FROM checkout_requests WHERE order_id = ANY(@tickets) AND response IS NOT NULL", new { tickets }) < tickets.Length
               && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
    }

    private static async Task<Audit> AuditAsync(LocalPlatform platform, Guid campaignId)
    {
        await using var connection = new NpgsqlConnection(platform.OrderDatabase);
        var orders = (await connection.QueryAsync<Guid>(
            "SELECT id FROM orders WHERE campaign_id = @campaignId AND status <> 'cancelled'", new { campaignId })).ToHashSet();
        var withPayment = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM orders WHERE campaign_id = @campaignId AND status <> 'cancelled' AND payment_id IS NOT NULL", new { campaignId });
        var units = await connection.ExecuteScalarAsync<long>(
            """
            SELECT coalesce(sum(l.quantity), 0) FROM orders o JOIN order_lines l ON l.order_id = o.id
            WHERE o.campaign_id = @campaignId AND o.status <> 'cancelled'
            """,
            new { campaignId });
        var left = await connection.ExecuteScalarAsync<long>("SELECT coalesce(sum(remaining), 0) FROM flash_sale_buckets WHERE campaign_id = @campaignId", new { campaignId });
        var lastOrderAt = await connection.ExecuteScalarAsync<DateTime?>("SELECT max(created_at) FROM orders WHERE campaign_id = @campaignId", new { campaignId });
        var refusedTickets = await connection.ExecuteScalarAsync<long>(
            """
            SELECT count(*) FROM flash_sale_admissions a JOIN checkout_requests r ON r.user_id = a.user_id AND r.order_id = a.order_id
            WHERE a.campaign_id = @campaignId AND r.status_code <> 201
            """,
            new { campaignId });
        return new Audit(orders, withPayment, units, left, lastOrderAt, refusedTickets);
    }

    private static async Task<long> CatalogAsync(LocalPlatform platform, string sql, (Guid Id, long Price) sku)
    {
        await using var connection = new NpgsqlConnection(platform.CatalogDatabase);
        return await connection.ExecuteScalarAsync<long>(sql, new { sku.Id });
    }

    private static void Print(Rush rush, Audit audit, long reserved)
    {
        var admitted = rush.Answers.Where(a => a.Status == 202).ToList();
        var refused = rush.Answers.Where(a => a.Status is 409 or 429).ToList();
        var failed = rush.Answers.Count(a => a.Status is not (202 or 409 or 429));
        var soldOutAt = admitted.Count == 0 ? 0 : admitted.Max(a => a.At);
        var afterSellOut = refused.Where(a => a.At > soldOutAt).Select(a => a.Ms).ToArray();
        var all = rush.Answers.Select(a => a.Ms).ToArray();
        var tickets = admitted.Select(a => a.TicketId!.Value).ToHashSet();
        var lastOrder = audit.LastOrderAt is { } at ? (at - rush.StartedAt).TotalSeconds : double.NaN;
        Console.WriteLine();
        Console.WriteLine("## P2 — flash-sale rush through the gateway");
        Console.WriteLine($"{Units:N0} units, {Attempts:N0} attempts by {Clients} concurrent clients (one shopper each, limit 10 each), quantity 1.");
        Console.WriteLine("| measure | figure |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| every attempt answered: p50 / p99 / max ({all.Length:N0}) | {Pgbench.Percentile(all, 50):0} ms / **{Pgbench.Percentile(all, 99):0} ms** / {all.Max():0} ms |");
        Console.WriteLine($"| admitted (202 with a ticket) | **{admitted.Count:N0}**, p50 / p99 {Pgbench.Percentile(admitted.Select(a => a.Ms).ToArray(), 50):0} ms / {Pgbench.Percentile(admitted.Select(a => a.Ms).ToArray(), 99):0} ms |");
        Console.WriteLine($"| refused: {string.Join(" / ", refused.GroupBy(a => $"{a.Status} {a.Code}").OrderBy(g => g.Key).Select(g => $"{g.Key} ×{g.Count():N0}"))} | {refused.Count:N0} |");
        Console.WriteLine($"| refusal after the sell-out p50 / p99 ({afterSellOut.Length:N0}) | {Pgbench.Percentile(afterSellOut, 50):0.0} ms / {Pgbench.Percentile(afterSellOut, 99):0.0} ms |");
        Console.WriteLine($"| failed (5xx or no answer) | {failed} |");
        Console.WriteLine($"| sold out after (the last 202) | **{soldOutAt:0.00} s** ({admitted.Count / soldOutAt:0} admissions/s) |");
        Console.WriteLine($"| all attempts answered after | {rush.Elapsed:0.0} s ({rush.Answers.Count / rush.Elapsed:0} attempts/s) |");
        Console.WriteLine($"| the last admitted order existed after | **{lastOrder:0.0} s** ({audit.Orders.Count / lastOrder:0} orders/s from the start) |");
        Console.WriteLine($"| orders (live), of them with their payment; tickets refused after admission | **{audit.Orders.Count:N0}**, {audit.WithPayment:N0}; {audit.RefusedTickets} |");
        Console.WriteLine($"| oversold (units in live orders beyond the quota; catalog units reserved beyond it) | **{Math.Max(0, audit.Units - Units)}**; **{Math.Max(0, reserved - Units)}** |");
        Console.WriteLine($"| lost (tickets without their order, orders without a ticket, units neither sold nor left) | **{tickets.Except(audit.Orders).Count()}**, **{audit.Orders.Except(tickets).Count()}**, **{Units - audit.Units - audit.Left}** |");
        Console.WriteLine($"| catalog units reserved by the sale | {reserved:N0} |");
    }

    private sealed record Answer(int Status, string? Code, Guid? TicketId, double Ms, double At);

    private sealed record Rush(Guid CampaignId, List<Answer> Answers, double Elapsed, DateTime StartedAt);

    private sealed record Audit(HashSet<Guid> Orders, long WithPayment, long Units, long Left, DateTime? LastOrderAt, long RefusedTickets);
}
