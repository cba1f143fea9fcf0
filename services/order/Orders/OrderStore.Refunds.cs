using System.Text.Json;
using Dapper;
using Npgsql;

namespace SocialCommerce.Order.Orders;

public sealed record RefundLine(Guid SkuId, int Quantity, long Amount);

public static class RefundKinds
{
    public const string Cancellation = "cancellation", AfterSales = "after-sales", LatePayment = "late-payment";
}

public sealed record SucceededRefund(Guid Id, string Kind, long Amount, string Lines);

/// <summary>
/// Money promised back. Opening a refund raises the order's refund_committed by a guarded UPDATE (never past paid_amount)
/// and each line's refunded quantity likewise (never past what was bought), so concurrent refunds cannot together exceed
/// the payment; then the call to payment-adapter (and catalog, to restock) is owed, in the same transaction.
/// </summary>
public sealed partial class OrderStore
{
    /// <param name="lines">The units going back (empty for a late payment, which bought nothing).</param>
    /// <returns>The refund id; null when the order has not that much left to refund (nothing changed).</returns>
    public static async Task<Guid?> OpenRefundAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, OrderRow order, Guid paymentId, string kind, long amount,
        IReadOnlyList<RefundLine> lines, Guid? requestId, bool restock, DateTimeOffset now)
    {
        if (amount <= 0) return null;
        var committed = await connection.ExecuteAsync(
            "UPDATE orders SET refund_committed = refund_committed + @amount WHERE id = @Id AND refund_committed + @amount <= paid_amount",
            new { amount, order.Id }, transaction);
        if (committed == 0) return null;
        foreach (var line in lines)
        {
            var fits = await connection.ExecuteAsync(
                """
                UPDATE order_lines SET refunded_quantity = refunded_quantity + @Quantity
                WHERE order_id = @orderId AND sku_id = @SkuId AND refunded_quantity + @Quantity <= quantity
                """,
                new { orderId = order.Id, line.SkuId, line.Quantity }, transaction);
            if (fits == 0) throw new InvalidOperationException($"Refund of order {order.Id} exceeds line {line.SkuId}; the caller must check under the order lock.");
        }

        var refundId = Guid.CreateVersion7();
        await connection.ExecuteAsync(
            """
            INSERT INTO refunds (id, order_id, refund_request_id, kind, payment_id, amount, lines, status, created_at)
            VALUES (@refundId, @Id, @requestId, @kind, @paymentId, @amount, @lines::jsonb, 'pending', @now)
            """,
            new { refundId, order.Id, requestId, kind, paymentId, amount, lines = JsonSerializer.Serialize(lines, Json), now }, transaction);
        await OrderTasks.RefundAsync(connection, transaction, order.Id,
            new RefundPayload(refundId, paymentId, amount, order.Currency, $"{kind} of order {order.OrderNo}"), now);
        if (restock && lines.Count > 0)
        {
            await OrderTasks.RestockAsync(connection, transaction, order.Id,
                new RestockPayload(refundId, lines.Select(line => new TaskLine(line.SkuId, line.Quantity)).ToList()), now);
        }

        return refundId;
    }

    /// <summary>
    /// The provider confirmed a pending refund of the order (row locked by the caller): it succeeds once and the order counts
    /// the money as refunded. Null when the refund is not this order's or not pending (a duplicate confirmation).
    /// </summary>
    public static async Task<(SucceededRefund Refund, OrderRow Order)?> SucceedRefundAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId, Guid refundId, DateTimeOffset now)
    {
        var refund = await connection.QuerySingleOrDefaultAsync<SucceededRefund>(
            """
            UPDATE refunds SET status = 'succeeded', succeeded_at = @now
            WHERE id = @refundId AND order_id = @orderId AND status = 'pending'
            RETURNING id, kind, amount, lines::text AS lines
            """,
            new { refundId, orderId, now }, transaction);
        if (refund is null) return null;
        var counted = await connection.QuerySingleAsync<OrderRow>(
            $"UPDATE orders SET refunded_amount = refunded_amount + @Amount, updated_at = @now WHERE id = @orderId RETURNING {OrderRow.Columns}",
            new { refund.Amount, orderId, now }, transaction);
        return (refund, counted);
    }

    public static IReadOnlyList<RefundLine> ReadRefundLines(string lines) => JsonSerializer.Deserialize<List<RefundLine>>(lines, Json)!;
}
