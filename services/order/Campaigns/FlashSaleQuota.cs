using System.Collections.Concurrent;
using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.ServiceDefaults.Postgres;

namespace SocialCommerce.Order.Campaigns;

/// <summary>
/// Admission to a flash sale (秒杀): the campaign's quota lives in bucket rows in this database (Migrations/0006), and
/// an admission takes units from one bucket that no other admission holds, so concurrent buyers do not queue on one
/// row. The database decides; this process only remembers for a moment that a campaign sold out, so the rush that
/// follows is answered 409 without a query. An admission is the buyer's ticket: held for its order id until the owed call
/// writes the order (confirmed) or is refused for good (returned at once); an unpaid order gives it back when cancelled.
/// </summary>
public sealed class FlashSaleQuota(NpgsqlDataSource dataSource, IOptions<OrderOptions> options, OrderMetrics metrics, TimeProvider time)
{
    /// <summary>Beyond an admitted checkout's longest run before its order is written (two catalog calls with 15-second deadlines).</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(1);

    public static readonly PersonalDataPart[] PersonalData = [new("flashSalePurchases", "SELECT * FROM flash_sale_buyers WHERE user_id = @userId")];

    /// <summary>Long enough to absorb the rush after the last unit goes, short enough that returned units sell again soon.</summary>
    private static readonly TimeSpan SoldOutMemory = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<Guid, int> bucketCounts = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> soldOutUntil = new();

    public bool LooksSoldOut(Guid campaignId) => soldOutUntil.TryGetValue(campaignId, out var until) && until > time.GetUtcNow();

    /// <summary>
    /// The first admission of a campaign splits its quota into buckets, once for all replicas (advisory lock, and only
    /// when the campaign has none: a replica configured with another bucket count must not add units).
    /// </summary>
    public async Task EnsureBucketsAsync(Campaign campaign)
    {
        if (bucketCounts.ContainsKey(campaign.Id)) return;
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var buckets = Math.Max(1, Math.Min(options.Value.FlashSaleBuckets, campaign.Quota));
        await connection.ExecuteAsync(
            """
            SELECT pg_advisory_xact_lock(hashtextextended('flash-sale-buckets:' || @Id, 0));
            INSERT INTO flash_sale_buckets (campaign_id, bucket, remaining)
            SELECT @Id, b, @Quota / @buckets + CASE WHEN b < @Quota % @buckets THEN 1 ELSE 0 END FROM generate_series(0, @buckets - 1) b
            WHERE NOT EXISTS (SELECT 1 FROM flash_sale_buckets WHERE campaign_id = @Id);
            """,
            new { campaign.Id, campaign.Quota, buckets }, transaction);
        var count = await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM flash_sale_buckets WHERE campaign_id = @Id", new { campaign.Id }, transaction);
        await transaction.CommitAsync();
        bucketCounts[campaign.Id] = count;
    }

    /// <summary>
    /// The whole of a flash-sale attempt that the buyer waits for, in one server round trip (order_flash_enqueue): the
    /// Idempotency-Key claimed, units taken for the ticket, and the owed call that will place its order, or 409 sold out,
    /// or 429 over the limit with nothing kept. A key used before gets its ticket back.
    /// </summary>
    /// <param name="ticketId">The order id the ticket gets if the attempt is admitted.</param>
    /// <param name="placeOrder">The owed call's kind and payload.</param>
    public async Task<Admission> AdmitAsync(
        Campaign campaign, Guid userId, string key, string requestHash, int quantity, Guid ticketId, string callKind, object placeOrder)
    {
        var started = Stopwatch.GetTimestamp();
        await using var connection = await dataSource.OpenConnectionAsync();
        var (outcome, existing) = await connection.QuerySingleAsync<(string, Guid?)>(
            """
            SELECT outcome, ticket_id FROM order_flash_enqueue(
                @userId, @key, @requestHash, @ticketId, @campaignId, @quantity, @PerUserLimit, @start, @now, @callKind, @payload::jsonb)
            """,
            new
            {
                userId, key, requestHash, ticketId, campaignId = campaign.Id, quantity, campaign.PerUserLimit,
                start = Random.Shared.Next(bucketCounts.GetValueOrDefault(campaign.Id, 1)), now = time.GetUtcNow(), callKind,
                payload = OwedCalls.Serialize(placeOrder),
            });
        metrics.AdmissionDecided(outcome, Stopwatch.GetElapsedTime(started));
        switch (outcome)
        {
            case "admitted":
            case "existing":
                return new Admission(existing, null);
            case "key-reused":
                return new Admission(null, new CampaignRefusal(StatusCodes.Status422UnprocessableEntity,
                    "This Idempotency-Key was used for a different checkout.", "idempotency-key-reused"));
            case "over-limit":
                return new Admission(null, new CampaignRefusal(StatusCodes.Status429TooManyRequests,
                    $"At most {campaign.PerUserLimit} per shopper in this flash sale.", "per-user-limit"));
            case "sold-out":
                soldOutUntil[campaign.Id] = time.GetUtcNow() + SoldOutMemory;
                return new Admission(null, SoldOut);
            default:
                // Fewer left than this buyer asked for: not sold out for everyone, so nothing to remember.
                return new Admission(null, CampaignRefusal.Conflict("Fewer units are left than you asked for.", "sold-out"));
        }
    }

    /// <summary>An attempt's answer: the ticket (the order id it is placed under), or the refusal.</summary>
    public sealed record Admission(Guid? TicketId, CampaignRefusal? Refusal);

    public static readonly CampaignRefusal SoldOut = CampaignRefusal.Conflict("Sold out.", "sold-out");

    /// <summary>In the order's transaction: the admission now has its order, so the abandoned-admission sweep leaves it alone.</summary>
    public static async Task<CampaignRefusal?> ConfirmAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId)
    {
        var confirmed = await connection.ExecuteAsync(
            "UPDATE flash_sale_admissions SET state = 'ordered' WHERE order_id = @orderId AND state = 'held'", new { orderId }, transaction);
        return confirmed == 1 ? null : CampaignRefusal.Conflict("This flash-sale place lapsed; try again.", "admission-lapsed");
    }

    /// <summary>
    /// A ticket whose order was refused for good (catalog took the SKU off sale, or the ticket waited past its lapse time)
    /// gives its units back at once.
    /// </summary>
    public async Task AbandonAsync(NpgsqlConnection connection, Guid campaignId, Guid orderId, string reason)
    {
        if (await ReturnAsync(connection, null, orderId, ["held"], time.GetUtcNow()))
        {
            soldOutUntil.TryRemove(campaignId, out _);
            metrics.AdmissionReturned(reason);
        }
    }

    /// <summary>
    /// Admissions still held long after they were made, with no owed call to place their order, belong to checkouts that
    /// died between taking the units and writing their order before flash sales were queued: their units go back. (A ticket
    /// is placed or refused by its owed call, which gives the units back itself when it lapses.) The order write confirms an admission under the same row lock,
    /// so a slow checkout that does write its order either confirmed first (and is skipped) or finds its place lapsed
    /// (and is refused, its stock released).
    /// </summary>
    public static async Task<int> ReturnAbandonedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now, int limit, OrderMetrics metrics)
    {
        var due = (await connection.QueryAsync<Guid>(
            """
            SELECT a.order_id FROM flash_sale_admissions a
            WHERE a.state = 'held' AND a.admitted_at <= @cutoff
              AND NOT EXISTS (SELECT 1 FROM owed_calls c WHERE c.subject_id = a.order_id AND c.done_at IS NULL)
            ORDER BY a.admitted_at LIMIT @limit FOR UPDATE OF a SKIP LOCKED
            """,
            new { cutoff = now - AbandonedAfter, limit }, transaction)).ToList();
        foreach (var orderId in due)
        {
            if (await ReturnAsync(connection, transaction, orderId, ["held"], now)) metrics.AdmissionReturned("abandoned");
        }

        return due.Count;
    }

    /// <summary>Gives an admission's units back to the quota if it is in one of <paramref name="from"/>; false when it was not.</summary>
    public static Task<bool> ReturnAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid orderId, string[] from, DateTimeOffset now) =>
        connection.ExecuteScalarAsync<bool>("SELECT order_flash_return(@orderId, @from, @now)", new { orderId, from, now }, transaction);
}
