using Dapper;
using Npgsql;

namespace SocialCommerce.Order.Orders;

/// <summary>
/// The only way an order's status changes: an UPDATE guarded by the statuses it may leave, plus a history row, in
/// the caller's transaction. Two concurrent transitions of one order cannot both win: the second finds the guard
/// false (after waiting for the first's row lock) and gets null.
/// </summary>
public static class OrderTransitions
{
    /// <param name="set">Extra assignments for the same UPDATE, e.g. <c>paid_at = @now</c>; parameters come from <paramref name="args"/>.</param>
    public static async Task<OrderRow?> MoveAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId, string[] from, string to, DateTimeOffset now,
        string? note = null, string set = "", object? args = null)
    {
        var parameters = new DynamicParameters(args);
        parameters.AddDynamicParams(new { orderId, from, to, now, note });
        var order = await connection.QuerySingleOrDefaultAsync<OrderRow>(
            $"""
            UPDATE orders SET status = @to, updated_at = @now{(set.Length == 0 ? "" : ", " + set)}
            WHERE id = @orderId AND status = ANY(@from)
            RETURNING {OrderRow.Columns}
            """,
            parameters, transaction);
        if (order is not null) await RecordAsync(connection, transaction, orderId, to, note, now);
        return order;
    }

    public static Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId, string status, string? note, DateTimeOffset now) =>
        connection.ExecuteAsync(
            "INSERT INTO order_status_history (order_id, status, note, at) VALUES (@orderId, @status, @note, @now)",
            new { orderId, status, note, now }, transaction);

    /// <summary>Locks the order row for a decision that reads before it writes (e.g. how much is left to refund).</summary>
    public static Task<OrderRow?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId) =>
        connection.QuerySingleOrDefaultAsync<OrderRow>(
            $"SELECT {OrderRow.Columns} FROM orders WHERE id = @orderId FOR UPDATE", new { orderId }, transaction);
}
