using Dapper;
using Npgsql;
using SocialCommerce.Contracts.Events.Payment;
using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.ServiceDefaults.Postgres;

namespace SocialCommerce.PaymentAdapter.Payments;

/// <summary>
/// The only ways a payment or refund changes state, each guarded by the state it leaves (in its UPDATE, or for a success
/// read under the payment row's lock), with its event in the same transaction. Whoever learns the outcome first (webhook, a duplicate of it, reconciliation, the
/// provider's synchronous refund answer) applies it; everyone after finds the guard false and changes nothing.
/// </summary>
internal static class PaymentTransitions
{
    /// <summary>Pending or failed → succeeded: money the provider took is never ignored, even after a decline.</summary>
    public static async Task<bool> SucceedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid paymentId, DateTimeOffset now, PaymentMetrics metrics)
    {
        var payment = await connection.QuerySingleOrDefaultAsync<PaymentRow>(
            $"SELECT {PaymentRow.Columns} FROM payments WHERE id = @paymentId FOR UPDATE", new { paymentId }, transaction);
        return payment is not null && await SucceedAsync(connection, transaction, payment, now, metrics);
    }

    /// <summary>
    /// The same for a payment the caller has locked (the webhook): the move and PaymentSucceeded are one round trip, since
    /// under the lock the status read decides the move.
    /// </summary>
    public static async Task<bool> SucceedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PaymentRow locked, DateTimeOffset now, PaymentMetrics metrics)
    {
        if (locked.Status is not (PaymentStatus.Pending or PaymentStatus.Failed)) return false;
        var batch = new StatementBatch().Add(
            "UPDATE payments SET status = 'succeeded', decided_at = @now, updated_at = @now WHERE id = @paymentId",
            new { paymentId = locked.Id, now });
        Outbox.Add(batch, new PaymentSucceeded(locked.Id, locked.OrderId, locked.UserId, locked.Amount, locked.Currency, now));
        await batch.ExecuteAsync(connection, transaction);
        metrics.Decided(PaymentStatus.Succeeded, locked.Amount);
        return true;
    }

    /// <summary>Pending → failed. A failure reported after a success is stale and ignored.</summary>
    public static async Task<bool> FailAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid paymentId, string reason, DateTimeOffset now, PaymentMetrics metrics)
    {
        var orderId = await connection.QuerySingleOrDefaultAsync<Guid?>(
            """
            UPDATE payments SET status = 'failed', decided_at = @now, updated_at = @now
            WHERE id = @paymentId AND status = 'pending'
            RETURNING order_id
            """,
            new { paymentId, now }, transaction);
        if (orderId is null) return false;
        await Outbox.AddAsync(connection, transaction, new PaymentFailed(paymentId, orderId.Value, reason, now));
        metrics.Decided(PaymentStatus.Failed, 0);
        return true;
    }

    /// <summary>Pending refund → succeeded, adding to what the payment has refunded (never past what it took).</summary>
    public static async Task<bool> RefundSucceededAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid refundId, string providerRefundId, DateTimeOffset now, PaymentMetrics metrics)
    {
        // The payment row first, as the webhook and new refunds lock it: locking the refund first would deadlock with
        // the webhook reporting the same refund while the provider's synchronous answer is applied.
        await connection.ExecuteAsync(
            "SELECT 1 FROM payments WHERE id = (SELECT payment_id FROM refunds WHERE id = @refundId) FOR UPDATE", new { refundId }, transaction);
        var refund = await connection.QuerySingleOrDefaultAsync<RefundRow>(
            """
            UPDATE refunds SET status = 'succeeded', provider_refund_id = @providerRefundId, succeeded_at = @now
            WHERE id = @refundId AND status = 'pending'
            RETURNING id, payment_id, amount, status
            """,
            new { refundId, providerRefundId, now }, transaction);
        if (refund is null) return false;
        var payment = await connection.QuerySingleAsync<PaymentRow>(
            $"""
            UPDATE payments SET refunded_amount = refunded_amount + @Amount, updated_at = @now,
                status = CASE WHEN refunded_amount + @Amount = amount THEN 'refunded' ELSE 'partially-refunded' END
            WHERE id = @PaymentId
            RETURNING {PaymentRow.Columns}
            """,
            new { refund.Amount, refund.PaymentId, now }, transaction);
        await Outbox.AddAsync(connection, transaction, new RefundSucceeded(
            refund.Id, payment.Id, payment.OrderId, refund.Amount, payment.Currency, payment.RefundedAmount, now));
        metrics.Refunded(refund.Amount);
        return true;
    }
}
