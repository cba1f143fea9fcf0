using Dapper;
using MassTransit;
using Npgsql;
using SocialCommerce.Contracts.Events.Order;

namespace SocialCommerce.Recommendation.Ingest;

/// <summary>
/// A purchase per product of the order (however many units: one choice), keyed by the order. Consumed in batches, one
/// transaction for up to <see cref="BatchSize"/> orders: every paid order reaches this service.
/// </summary>
public sealed class OrderPaidConsumer(NpgsqlDataSource dataSource) : IConsumer<Batch<OrderPaid>>
{
    public const int BatchSize = 100;

    // Short: at low rates a lone order should not wait for company.
    public static void Configure(IConsumerConfigurator<OrderPaidConsumer> consumer) =>
        consumer.Options<BatchOptions>(options => options.SetMessageLimit(BatchSize).SetTimeLimit(TimeSpan.FromMilliseconds(20)).SetConcurrencyLimit(2));

    public async Task Consume(ConsumeContext<Batch<OrderPaid>> context)
    {
        await using var connection = await dataSource.OpenConnectionAsync(context.CancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(context.CancellationToken);
        foreach (var paid in context.Message.Select(message => message.Message))
        {
            await Signals.RecordAsync(connection, paid.UserId, paid.Lines.Select(line => line.ProductId), Signals.Purchase,
                paid.OrderId.ToString("N"), Signals.PurchaseWeight, paid.PaidAt, transaction);
        }

        await transaction.CommitAsync(context.CancellationToken);
    }
}

/// <summary>
/// A refunded purchase counts less (<see cref="Signals.RefundedPurchaseWeight"/>); setting rather than subtracting keeps a
/// redelivery harmless. Lines from before products were carried (no ProductId) change nothing.
/// </summary>
public sealed class RefundCompletedConsumer(NpgsqlDataSource dataSource) : IConsumer<RefundCompleted>
{
    public async Task Consume(ConsumeContext<RefundCompleted> context)
    {
        var refund = context.Message;
        var productIds = refund.Lines.Where(line => line.ProductId is not null).Select(line => line.ProductId!.Value).Distinct().ToArray();
        if (productIds.Length == 0) return;
        await using var connection = await dataSource.OpenConnectionAsync(context.CancellationToken);
        await connection.ExecuteAsync(
            """
            UPDATE interactions SET weight = LEAST(weight, @weight)
            WHERE user_id = @UserId AND kind = 'purchase' AND source = @source AND product_id = ANY(@productIds)
            """,
            new { refund.UserId, source = refund.OrderId.ToString("N"), productIds, weight = Signals.RefundedPurchaseWeight });
    }
}
