using Dapper;
using Npgsql;

namespace SocialCommerce.Order.FlashSales;

/// <summary>
/// An admission still held long after it was made belongs to a checkout that died between taking the units and writing
/// its order (a crash, a kill): its units go back to the quota. The order write confirms the admission under the same
/// row lock, so a slow checkout that does write its order either confirmed first (and is skipped) or finds its place
/// lapsed (and is refused, its stock released).
/// </summary>
public static class AbandonedAdmissions
{
    /// <summary>Far beyond a checkout's longest run (two catalog calls with 5-second deadlines and one local write).</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    public static async Task<int> ReturnAsync(NpgsqlDataSource dataSource, int batchSize, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var due = (await connection.QueryAsync<Guid>(
            """
            SELECT order_id FROM flash_sale_admissions WHERE state = 'held' AND admitted_at <= @cutoff
            ORDER BY admitted_at LIMIT @batchSize FOR UPDATE SKIP LOCKED
            """,
            new { cutoff = now - Grace, batchSize }, transaction)).ToList();
        foreach (var orderId in due)
        {
            if (await FlashSaleQuota.ReturnAsync(connection, transaction, orderId, ["held"], now)) FlashSaleMetrics.Returned("abandoned");
        }

        await transaction.CommitAsync(cancellationToken);
        return due.Count;
    }
}
