using System.Text.Json;
using Dapper;
using Npgsql;

namespace SocialCommerce.Order.Orders;

public sealed record TaskLine(Guid SkuId, int Quantity);

public sealed record RestockPayload(Guid RestockId, IReadOnlyList<TaskLine> Lines);

public sealed record RefundPayload(Guid RefundId, Guid PaymentId, long Amount, string Currency, string Reason);

/// <summary>
/// Queues the calls to catalog and payment-adapter that a state change owes, in the state change's transaction, so
/// they happen if and only if it commits — and keep being retried until they do (Jobs/OrderTaskWorker).
/// Every call is idempotent at the callee (per order id, restock id or refund id), so a retry after a timeout is safe.
/// </summary>
public static class OrderTasks
{
    /// <summary>The NOTIFY channel that wakes the task worker when a transaction owing a call commits.</summary>
    public const string NotifyChannel = "order_tasks";

    public const string CommitStock = "commit-stock", ReleaseStock = "release-stock", Restock = "restock", Refund = "refund";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task CommitStockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId, DateTimeOffset now) =>
        AddAsync(connection, transaction, orderId, CommitStock, new { }, now);

    public static Task ReleaseStockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId, DateTimeOffset now) =>
        AddAsync(connection, transaction, orderId, ReleaseStock, new { }, now);

    public static Task RestockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId, RestockPayload payload, DateTimeOffset now) =>
        AddAsync(connection, transaction, orderId, Restock, payload, now);

    public static Task RefundAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId, RefundPayload payload, DateTimeOffset now) =>
        AddAsync(connection, transaction, orderId, Refund, payload, now);

    /// <summary>Whether the order's stock commit is still owed: until catalog has the sale, goods may not leave.</summary>
    public static Task<bool> CommitPendingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId) =>
        connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM order_tasks WHERE order_id = @orderId AND kind = 'commit-stock' AND done_at IS NULL)",
            new { orderId }, transaction);

    public static T Read<T>(string payload) => JsonSerializer.Deserialize<T>(payload, Json)!;

    private static Task AddAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId, string kind, object payload, DateTimeOffset now) =>
        connection.ExecuteAsync(
            """
            INSERT INTO order_tasks (id, order_id, kind, payload, next_attempt_at, created_at)
            VALUES (@id, @orderId, @kind, @payload::jsonb, @now, @now);
            SELECT pg_notify(@NotifyChannel, '');
            """,
            new { id = Guid.CreateVersion7(), orderId, kind, NotifyChannel, payload = JsonSerializer.Serialize(payload, payload.GetType(), Json), now },
            transaction);
}
