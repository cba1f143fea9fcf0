using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace SocialCommerce.Catalog.Stock;

/// <summary>
/// Stock held for orders. Every move keeps available + reserved + sold of each SKU unchanged. SKU rows are
/// always locked in id order (reserve, release, commit, expiry, restock) so transactions over several SKUs cannot
/// deadlock each other. Sales reach products.sales through <see cref="ProductSales"/>, not the commit. Settling a reservation is in ReservationStore.Settle.cs,
/// putting sold units back on sale in ReservationStore.Restock.cs.
/// </summary>
public sealed partial class ReservationStore(NpgsqlDataSource dataSource, IOptions<CatalogOptions> options, TimeProvider time, StockMetrics metrics)
{
    /// <param name="withQuote">Also read the lines' quote first, in the same round trip and transaction.</param>
    public async Task<ReservationResult> ReserveAsync(
        Guid orderId, IReadOnlyList<StockLine> lines, CancellationToken cancellationToken = default, bool withQuote = false)
    {
        // Whole milliseconds, so the expiry a repeat reads back from the database is the one first answered.
        var now = time.GetUtcNow();
        var expiresAt = now.AddMinutes(options.Value.ReservationMinutes).AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        // One call, its own transaction: catalog_reserve_stock (Migrations/0020) claims the order id, takes every
        // line or none, stores a rejection so repeats answer alike, and queues StockLow. A concurrent duplicate
        // waits on the order id's key and then reads the stored outcome.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        const string reserve = "SELECT outcome, failed_sku_ids, expires_at FROM catalog_reserve_stock(@orderId, @skuIds, @quantities, @expiresAt)";
        var skuIds = lines.Select(line => line.SkuId).ToArray();
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            withQuote ? QuoteStore.ListedStatement + ";\n" + reserve : reserve,
            new { orderId, skuIds, quantities = lines.Select(line => line.Quantity).ToArray(), expiresAt = expiresAt.UtcDateTime },
            cancellationToken: cancellationToken));
        var quoted = withQuote ? (await results.ReadAsync<QuotedSku>()).ToList() : null;
        var row = await results.ReadSingleAsync<StoredRow>();
        var result = row.Outcome == ReservationStates.Reserved
            ? new ReservationResult(ReservationOutcome.Reserved, [], new DateTimeOffset(row.ExpiresAt!.Value, TimeSpan.Zero), quoted)
            : new ReservationResult(ReservationStates.ParseOutcome(row.Outcome), row.FailedSkuIds, null, quoted);
        metrics.Decided(result.Outcome);
        return result;
    }

    // Properties, not a positional record: Npgsql reports uuid[] columns as System.Array, which Dapper's
    // constructor matching refuses.
    private sealed class StoredRow
    {
        public string Outcome { get; init; } = "";
        public Guid[] FailedSkuIds { get; init; } = [];
        public DateTime? ExpiresAt { get; init; }
    }
}
