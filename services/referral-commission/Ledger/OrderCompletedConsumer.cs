using Dapper;
using MassTransit;
using Npgsql;
using SocialCommerce.Contracts.Events.Order;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.ReferralCommission.Ledger;

/// <summary>
/// The order completed: its frozen accruals become due at completion plus the freeze days of the rules they were accrued
/// under, and the settlement sweep (<see cref="CommissionLedger.SettleDueAsync"/>) makes them available then. The completion is remembered for accruals that arrive
/// later (events can come out of order). Once per event (inbox).
/// </summary>
public sealed class OrderCompletedConsumer(Inbox inbox) : IConsumer<OrderCompleted>
{
    public async Task Consume(ConsumeContext<OrderCompleted> context)
    {
        var completed = context.Message;
        await inbox.HandleOnceAsync(context, nameof(OrderCompletedConsumer), (connection, transaction) => ApplyAsync(connection, transaction, completed));
    }

    /// <summary>Inside the inbox's transaction.</summary>
    public static async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, OrderCompleted completed)
    {
        await connection.ExecuteAsync(
            """
            INSERT INTO order_outcomes AS o (order_id, completed_at) VALUES (@OrderId, @CompletedAt)
            ON CONFLICT (order_id) DO UPDATE SET completed_at = coalesce(o.completed_at, excluded.completed_at)
            """,
            new { completed.OrderId, completed.CompletedAt }, transaction);
        await CommissionLedger.ScheduleAsync(connection, transaction, completed.OrderId, completed.CompletedAt);
    }
}
