using Dapper;
using MassTransit;
using Npgsql;
using SocialCommerce.Contracts.Events.Order;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.ReferralCommission.Ledger;

/// <summary>
/// Money went back to the buyer: the order's refunded total is remembered (the largest heard, as events may come out of
/// order) and its accruals are clawed back to match (<see cref="Clawback"/>). Once per event (inbox).
/// </summary>
public sealed class RefundCompletedConsumer(Inbox inbox, ReferralMetrics metrics) : IConsumer<RefundCompleted>
{
    public async Task Consume(ConsumeContext<RefundCompleted> context)
    {
        var refund = context.Message;
        if (refund.Kind == "late-payment") return;   // money for an order already cancelled: it was never paid, nothing accrued
        await inbox.HandleOnceAsync(context, nameof(RefundCompletedConsumer), (connection, transaction) => ApplyAsync(connection, transaction, refund, metrics));
    }

    /// <summary>Inside the inbox's transaction.</summary>
    public static async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RefundCompleted refund, ReferralMetrics metrics)
    {
        var refundedTotal = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO order_outcomes AS o (order_id, refunded_total, last_refund_id) VALUES (@OrderId, @RefundedTotal, @RefundId)
            ON CONFLICT (order_id) DO UPDATE
            SET refunded_total = greatest(o.refunded_total, excluded.refunded_total),
                last_refund_id = CASE WHEN excluded.refunded_total > o.refunded_total THEN excluded.last_refund_id ELSE o.last_refund_id END
            RETURNING refunded_total
            """,
            new { refund.OrderId, refund.RefundedTotal, refund.RefundId }, transaction);
        await Clawback.ApplyAsync(connection, transaction, refund.OrderId, refundedTotal, refund.RefundId, refund.CompletedAt, metrics);
    }
}
