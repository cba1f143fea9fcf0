using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace SocialCommerce.Catalog.Stock;

/// <summary>
/// Stock held for orders. Every move keeps available + reserved + sold of each SKU unchanged. SKU rows are
/// always locked in id order (reserve, release, commit, expiry) so transactions over several SKUs cannot
/// deadlock each other, and products only after SKUs. Settling a reservation is in ReservationStore.Settle.cs.
/// </summary>
public sealed partial class ReservationStore(NpgsqlDataSource dataSource, IOptions<CatalogOptions> options, TimeProvider time)
{
    private const string Savepoint = "take_stock";

    public async Task<ReservationResult> ReserveAsync(Guid orderId, IReadOnlyList<StockLine> lines, CancellationToken cancellationToken = default)
    {
        // Whole milliseconds, so the expiry a repeat reads back from the database is the one first answered.
        var now = time.GetUtcNow();
        var expiresAt = now.AddMinutes(options.Value.ReservationMinutes).AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The order's row goes in first: a concurrent duplicate waits on its key, then reads the stored outcome.
        var claimed = await connection.ExecuteAsync(
            """
            INSERT INTO stock_reservations (order_id, state, expires_at) VALUES (@orderId, 'reserved', @expiresAt)
            ON CONFLICT (order_id) DO NOTHING
            """,
            new { orderId, expiresAt }, transaction);
        if (claimed == 0)
        {
            var stored = await StoredResultAsync(connection, transaction, orderId);
            await transaction.CommitAsync(cancellationToken);
            return stored;
        }

        var taken = await TakeStockAsync(connection, transaction, orderId, lines, cancellationToken);
        ReservationResult result;
        if (taken.Count == lines.Count)
        {
            await StockLowNotifier.NotifyCrossingsAsync(connection, transaction, Crossings(taken));
            result = new ReservationResult(ReservationOutcome.Reserved, [], expiresAt);
        }
        else
        {
            await transaction.RollbackAsync(Savepoint, cancellationToken);
            result = await RejectAsync(connection, transaction, orderId, lines.Where(line => !taken.ContainsKey(line.SkuId)).ToList());
        }

        await transaction.CommitAsync(cancellationToken);
        StockMetrics.Decided(result.Outcome);
        return result;
    }

    // One round trip: a savepoint, each line's guarded UPDATE in SKU-id order, then the lines. A line without enough
    // stock or without a listed product updates nothing, and the caller rolls back to the savepoint. The hot SKU
    // rows stay locked until commit, so the fewer round trips from here on, the more reservations per second.
    private static async Task<Dictionary<Guid, TakenLine>> TakeStockAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId, IReadOnlyList<StockLine> lines, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SAVEPOINT {Savepoint}"));
        foreach (var line in lines.OrderBy(line => line.SkuId))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                """
                UPDATE skus s SET available = s.available - $2, reserved = s.reserved + $2
                FROM products p
                WHERE s.id = $1 AND s.available >= $2 AND p.id = s.product_id AND p.status = 'listed'
                RETURNING s.id, s.available + $2, s.available, s.low_stock_threshold
                """)
            {
                Parameters = { new NpgsqlParameter { Value = line.SkuId }, new NpgsqlParameter { Value = line.Quantity } },
            });
        }

        // Joined to skus so an unknown SKU cannot break the foreign key; such an order is rolled back anyway.
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            """
            INSERT INTO stock_reservation_lines (order_id, sku_id, quantity)
            SELECT $1, l.sku_id, l.quantity FROM unnest($2::uuid[], $3::integer[]) AS l (sku_id, quantity) JOIN skus s ON s.id = l.sku_id
            """)
        {
            Parameters =
            {
                new NpgsqlParameter { Value = orderId },
                new NpgsqlParameter { Value = lines.Select(line => line.SkuId).ToArray() },
                new NpgsqlParameter { Value = lines.Select(line => line.Quantity).ToArray() },
            },
        });

        var taken = new Dictionary<Guid, TakenLine>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        do
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                taken[reader.GetGuid(0)] = new TakenLine(reader.GetInt32(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetInt32(3));
            }
        }
        while (await reader.NextResultAsync(cancellationToken));
        return taken;
    }

    // Only a SKU whose threshold lies between its levels before and after can have crossed it. Filtering here
    // spares the notifier's query, and a round trip under the hot row lock, on nearly every reservation.
    private static Dictionary<Guid, int> Crossings(Dictionary<Guid, TakenLine> taken) =>
        taken.Where(pair => pair.Value.Threshold is { } threshold && pair.Value.Before >= threshold && pair.Value.After < threshold)
            .ToDictionary(pair => pair.Key, pair => pair.Value.Before);

    private static async Task<ReservationResult> RejectAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId, IReadOnlyList<StockLine> failed)
    {
        var failedIds = failed.Select(line => line.SkuId).Order().ToArray();
        var listed = (await connection.QueryAsync<Guid>(
            "SELECT s.id FROM skus s JOIN products p ON p.id = s.product_id WHERE s.id = ANY(@failedIds) AND p.status = 'listed'",
            new { failedIds }, transaction)).ToHashSet();
        var outcome = failedIds.All(listed.Contains) ? ReservationOutcome.OutOfStock : ReservationOutcome.Unavailable;
        await connection.ExecuteAsync(
            """
            UPDATE stock_reservations SET state = 'rejected', reject_outcome = @outcome, failed_sku_ids = @failedIds, updated_at = now()
            WHERE order_id = @orderId
            """,
            new { orderId, outcome = ReservationStates.OutcomeName(outcome), failedIds }, transaction);
        return new ReservationResult(outcome, failedIds, null);
    }

    private static async Task<ReservationResult> StoredResultAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId)
    {
        var row = await connection.QuerySingleAsync<StoredRow>(
            "SELECT state, reject_outcome, failed_sku_ids, expires_at FROM stock_reservations WHERE order_id = @orderId",
            new { orderId }, transaction);
        return row.State == ReservationStates.Rejected
            ? new ReservationResult(ReservationStates.ParseOutcome(row.RejectOutcome), row.FailedSkuIds, null)
            : new ReservationResult(ReservationOutcome.Reserved, [], new DateTimeOffset(row.ExpiresAt, TimeSpan.Zero));
    }

    private sealed record TakenLine(int Before, int After, int? Threshold);

    // Properties, not a positional record: Npgsql reports uuid[] columns as System.Array, which Dapper's
    // constructor matching refuses.
    private sealed class StoredRow
    {
        public string State { get; init; } = "";
        public string? RejectOutcome { get; init; }
        public Guid[] FailedSkuIds { get; init; } = [];
        public DateTime ExpiresAt { get; init; }
    }
}
