using Dapper;
using Npgsql;

namespace SocialCommerce.Catalog.Stock;

/// <summary>The ends of a reservation: released by order, committed as a sale, or expired by the sweep.</summary>
public sealed partial class ReservationStore
{
    public const int ExpiryBatchSize = 500;

    /// <returns>The state after the call; null when the order holds no reservation (unknown or rejected).</returns>
    public Task<string?> ReleaseAsync(Guid orderId, CancellationToken cancellationToken = default) => SettleAsync(orderId, sell: false, cancellationToken);

    /// <returns>The state after the call: committed, or the released/expired state that forbade the sale; null when unknown.</returns>
    public Task<string?> CommitAsync(Guid orderId, CancellationToken cancellationToken = default) => SettleAsync(orderId, sell: true, cancellationToken);

    /// <summary>Returns the stock of up to <paramref name="batchSize"/> lapsed reservations. Replicas skip each other's rows.</summary>
    public async Task<int> ExpireLapsedAsync(int batchSize, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var lapsed = (await connection.QueryAsync<Guid>(
            """
            SELECT order_id FROM stock_reservations
            WHERE state = 'reserved' AND expires_at <= @now
            ORDER BY expires_at LIMIT @batchSize
            FOR UPDATE SKIP LOCKED
            """,
            new { now = time.GetUtcNow(), batchSize }, transaction)).ToArray();
        if (lapsed.Length == 0) return 0;

        await connection.ExecuteAsync("SELECT catalog_return_stock(@lapsed, @state)", new { lapsed, state = ReservationStates.Expired }, transaction);
        await transaction.CommitAsync(cancellationToken);
        metrics.ExpiredReservations(lapsed.Length);
        return lapsed.Length;
    }

    private async Task<string?> SettleAsync(Guid orderId, bool sell, CancellationToken cancellationToken)
    {
        // One call, its own transaction: catalog_settle_stock (Migrations/0080) locks the reservation, so Release, Commit and the
        // sweep take turns and only the first of them moves stock; a commit past the expiry returns the stock instead.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var settled = await connection.QuerySingleAsync<SettledRow>(new CommandDefinition(
            "SELECT state, moved FROM catalog_settle_stock(@orderId, @sell, @now)",
            new { orderId, sell, now = time.GetUtcNow() }, cancellationToken: cancellationToken));
        if (settled is { Moved: true, State: ReservationStates.Expired }) metrics.ExpiredReservations(1);
        return settled.State;
    }

    private sealed record SettledRow(string? State, bool Moved);
}
