using Dapper;
using Npgsql;
using SocialCommerce.Contracts.Events.Order;
using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.ServiceDefaults.Postgres;

namespace SocialCommerce.Order.Orders;

/// <summary>
/// The only way an order's status changes: an UPDATE guarded by the statuses it may leave, plus a history row, in the
/// caller's transaction. Two concurrent transitions of one order cannot both win: the second finds the guard false (after
/// waiting for the first's row lock) and gets null. Every writer of an order locks its row first, then anything else.
/// </summary>
public sealed partial class OrderStore
{
    /// <param name="set">Extra assignments for the same UPDATE, e.g. <c>paid_at = @now</c>; parameters come from <paramref name="args"/>.</param>
    public static Task<OrderRow?> MoveAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId, string[] from, string to, DateTimeOffset now,
        string? note = null, string set = "", object? args = null)
    {
        var parameters = new DynamicParameters(args);
        parameters.AddDynamicParams(new { orderId, from, to, now, note });
        return connection.QuerySingleOrDefaultAsync<OrderRow>(MoveStatement(set), parameters, transaction);
    }

    // The guarded UPDATE and its history row in one statement: the row is written only if the move happened.
    private static string MoveStatement(string set) =>
        $"""
        WITH moved AS (
            UPDATE orders SET status = @to, updated_at = @now{(set.Length == 0 ? "" : ", " + set)}
            WHERE id = @orderId AND status = ANY(@from)
            RETURNING {OrderRow.Columns}
        ), recorded AS (
            INSERT INTO order_status_history (order_id, status, note, at) SELECT id, @to, @note, @now FROM moved
        )
        SELECT * FROM moved
        """;

    /// <summary>A history row without a status change (a late payment refunded, a cancellation refund completed).</summary>
    public static Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId, string status, string? note, DateTimeOffset now) =>
        connection.ExecuteAsync(
            "INSERT INTO order_status_history (order_id, status, note, at) VALUES (@orderId, @status, @note, @now)",
            new { orderId, status, note, now }, transaction);

    /// <summary>Locks the order row for a decision that reads before it writes (e.g. how much is left to refund).</summary>
    public static Task<OrderRow?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId) =>
        connection.QuerySingleOrDefaultAsync<OrderRow>(
            $"SELECT {OrderRow.Columns} FROM orders WHERE id = @orderId FOR UPDATE", new { orderId }, transaction);

    /// <summary>The order locked, and its lines, in one round trip: what paying it reads.</summary>
    public static async Task<(OrderRow Order, IReadOnlyList<OrderLineRow> Lines)?> LockWithLinesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId)
    {
        await using var results = await connection.QueryMultipleAsync(
            $"""
            SELECT {OrderRow.Columns} FROM orders WHERE id = @orderId FOR UPDATE;
            {LinesStatement}
            """,
            new { orderId }, transaction);
        var order = await results.ReadSingleOrDefaultAsync<OrderRow>();
        var lines = (await results.ReadAsync<OrderLineRow>()).ToList();
        return order is null ? null : (order, lines);
    }

    /// <summary>Locks a group-buy team's orders in id order (the team row comes after them, as on every path).</summary>
    public static async Task<IReadOnlyList<Guid>> LockTeamOrdersAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid teamId) =>
        (await connection.QueryAsync<Guid>("SELECT id FROM orders WHERE team_id = @teamId ORDER BY id FOR UPDATE", new { teamId }, transaction)).ToList();

    /// <summary>
    /// Paid, the amount and payment recorded with the move, as a statement of the caller's batch (the paying consumer sends it
    /// with the stock commit owed and OrderPaid). The caller has locked the order and seen it await payment.
    /// </summary>
    public static StatementBatch MarkPaid(StatementBatch batch, Guid orderId, Guid paymentId, long amount, DateTimeOffset now) =>
        batch.Add(MoveStatement("paid_at = @now, paid_amount = @amount, payment_id = @paymentId"),
            new { orderId, from = new[] { OrderStatus.AwaitingPayment }, to = OrderStatus.Paid, now, note = (string?)null, amount, paymentId });

    /// <summary>Money for an order that no longer awaits it: counted as paid in (it is refunded at once), status unchanged.</summary>
    public static async Task<OrderRow> ReceiveLatePaymentAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, OrderRow order, Guid paymentId, long amount, DateTimeOffset now)
    {
        var received = await connection.QuerySingleAsync<OrderRow>(
            $"""
            UPDATE orders SET paid_amount = paid_amount + @amount, payment_id = coalesce(payment_id, @paymentId), updated_at = @now
            WHERE id = @Id RETURNING {OrderRow.Columns}
            """,
            new { amount, paymentId, order.Id, now }, transaction);
        await RecordAsync(connection, transaction, order.Id, order.Status, $"late payment {paymentId} refunded", now);
        return received;
    }

    /// <summary>
    /// The order's end: the shopper confirmed receipt, or the auto-complete time after delivery passed. A receipt confirmed
    /// before the carrier reported delivery counts as the delivery too (the refund window starts).
    /// </summary>
    public static async Task<OrderRow?> CompleteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId, string[] from, string note, DateTimeOffset now)
    {
        var order = await MoveAsync(connection, transaction, orderId, from, OrderStatus.Completed, now, note,
            "completed_at = @now, delivered_at = coalesce(delivered_at, @now)");
        if (order is null) return null;
        await Outbox.AddAsync(connection, transaction, new OrderCompleted(order.Id, order.UserId, order.ShopId, order.Total, order.Currency, now));
        return order;
    }

    /// <summary>The shopper confirms receipt of a shipped or delivered order; false when it is in neither.</summary>
    public async Task<bool> ConfirmReceiptAsync(Guid orderId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        if (await CompleteAsync(connection, transaction, orderId, [OrderStatus.Shipped, OrderStatus.Delivered], "receipt confirmed", Now) is null)
            return false;
        await transaction.CommitAsync();
        return true;
    }

    /// <summary>Unpaid orders past their deadline, locked (SKIP LOCKED: replicas share them).</summary>
    public static async Task<IReadOnlyList<Guid>> LockExpiredUnpaidAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now, int limit) =>
        (await connection.QueryAsync<Guid>(
            "SELECT id FROM orders WHERE status = 'awaiting-payment' AND expires_at <= @now ORDER BY expires_at LIMIT @limit FOR UPDATE SKIP LOCKED",
            new { now, limit }, transaction)).ToList();

    /// <summary>Delivered (or partially refunded) orders delivered before <paramref name="deliveredBefore"/>, locked.</summary>
    public static async Task<IReadOnlyList<Guid>> LockUnconfirmedDeliveriesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset deliveredBefore, int limit) =>
        (await connection.QueryAsync<Guid>(
            """
            SELECT id FROM orders WHERE status IN ('delivered', 'partially-refunded') AND delivered_at <= @deliveredBefore
            ORDER BY delivered_at LIMIT @limit FOR UPDATE SKIP LOCKED
            """,
            new { deliveredBefore, limit }, transaction)).ToList();
}
