using Npgsql;
using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.ServiceDefaults.Postgres;

namespace SocialCommerce.Order.Orders;

public sealed record TaskLine(Guid SkuId, int Quantity);

public sealed record RestockPayload(Guid RestockId, IReadOnlyList<TaskLine> Lines);

public sealed record RefundPayload(Guid RefundId, Guid PaymentId, long Amount, string Currency, string Reason);

/// <summary>
/// The calls to catalog and payment-adapter that an order's state change owes, written as owed calls (ServiceDefaults) in
/// the state change's transaction, so they happen if and only if it commits, and are made again until they get an answer
/// (Jobs/OrderCalls.cs handles each kind). The order is each call's subject. Every call is idempotent at the callee (per
/// order id, restock id or refund id), so a repeat after a timeout is safe.
/// </summary>
public static class OrderTasks
{
    public const string CommitStock = "commit-stock", ReleaseStock = "release-stock", Restock = "restock", Refund = "refund";

    public static Task CommitStockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId, DateTimeOffset now) =>
        OwedCalls.AddAsync(connection, transaction, CommitStock, orderId, new { }, now);

    /// <summary>The same as a statement of the caller's batch (the paying consumer's).</summary>
    public static StatementBatch AddCommitStock(StatementBatch batch, Guid orderId, DateTimeOffset now) =>
        OwedCalls.Add(batch, CommitStock, orderId, new { }, now);

    public static Task ReleaseStockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId, DateTimeOffset now) =>
        OwedCalls.AddAsync(connection, transaction, ReleaseStock, orderId, new { }, now);

    public static Task RestockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId, RestockPayload payload, DateTimeOffset now) =>
        OwedCalls.AddAsync(connection, transaction, Restock, orderId, payload, now);

    public static Task RefundAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId, RefundPayload payload, DateTimeOffset now) =>
        OwedCalls.AddAsync(connection, transaction, Refund, orderId, payload, now);

    /// <summary>Whether the order's stock commit is still owed: until catalog has the sale, goods may not leave.</summary>
    public static Task<bool> CommitPendingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId) =>
        OwedCalls.PendingAsync(connection, transaction, orderId, CommitStock);
}
