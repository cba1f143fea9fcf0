using MassTransit;
using Npgsql;
using SocialCommerce.Contracts.Events.Order;
using SocialCommerce.Contracts.Order.V1;

namespace SocialCommerce.Social.Reviews;

/// <summary>
/// A refund went through: for each product in it, order says whether every unit of it in the order is now refunded, and
/// if so the purchase is marked (and its review, if any, says so). Marking is idempotent, so a redelivery is harmless and
/// needs no inbox; a failed call to order is retried by the bus.
/// </summary>
public sealed class RefundCompletedConsumer(NpgsqlDataSource dataSource, Purchases.PurchasesClient purchases) : IConsumer<RefundCompleted>
{
    public async Task Consume(ConsumeContext<RefundCompleted> context)
    {
        var refund = context.Message;
        var fullyRefunded = new List<Guid>();
        foreach (var productId in refund.Lines.Select(line => line.ProductId).OfType<Guid>().Distinct())
        {
            var purchase = await purchases.GetPurchaseAsync(new GetPurchaseRequest
            {
                UserId = refund.UserId.ToString(), OrderId = refund.OrderId.ToString(), ProductId = productId.ToString(),
            }, cancellationToken: context.CancellationToken);
            if (purchase.Found && purchase.Quantity > 0 && purchase.RefundedQuantity >= purchase.Quantity) fullyRefunded.Add(productId);
        }

        if (fullyRefunded.Count == 0) return;
        await using var connection = await dataSource.OpenConnectionAsync(context.CancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(context.CancellationToken);
        foreach (var productId in fullyRefunded)
        {
            await RefundMarks.MarkAsync(connection, transaction, refund.OrderId, productId, refund.UserId, refund.CompletedAt.ToUniversalTime());
        }
        await transaction.CommitAsync(context.CancellationToken);
    }
}
