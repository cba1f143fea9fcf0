using Dapper;
using MassTransit;
using SocialCommerce.Contracts.Events.Order;
using SocialCommerce.Contracts.Events.Payment;
using SocialCommerce.Order.Orders;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Order.Payments;

/// <summary>
/// The provider confirmed money back. The refund row moves pending → succeeded once (guarded), the order counts
/// it, an after-sales refund settles the order as refunded or partially refunded, and RefundCompleted goes out.
/// </summary>
public sealed class RefundSucceededConsumer(Inbox inbox, OrderMetrics metrics) : IConsumer<RefundSucceeded>
{
    public async Task Consume(ConsumeContext<RefundSucceeded> context)
    {
        var refunded = context.Message;
        await inbox.HandleOnceAsync(context, nameof(RefundSucceededConsumer), async (connection, transaction) =>
        {
            var now = refunded.SucceededAt;
            // The order row first, as every other writer of an order's money locks it first.
            var order = await OrderStore.LockAsync(connection, transaction, refunded.OrderId);
            if (order is null) return;
            if (await OrderStore.SucceedRefundAsync(connection, transaction, order.Id, refunded.RefundId, now) is not { } succeeded) return;
            var (refund, counted) = succeeded;
            if (refund.Kind == RefundKinds.AfterSales)
            {
                var settled = counted.RefundedAmount == counted.PaidAmount ? OrderStatus.Refunded : OrderStatus.PartiallyRefunded;
                await OrderStore.MoveAsync(connection, transaction, order.Id, [OrderStatus.Refunding], settled, now, $"refund {refund.Id}");
            }
            else
            {
                await OrderStore.RecordAsync(connection, transaction, order.Id, order.Status, $"{refund.Kind} refund {refund.Id} completed", now);
            }

            var products = (await connection.QueryAsync<(Guid SkuId, Guid ProductId)>(
                "SELECT sku_id, product_id FROM order_lines WHERE order_id = @Id", new { order.Id }, transaction)).ToDictionary();
            var lines = OrderStore.ReadRefundLines(refund.Lines)
                .Select(line => new RefundedLine(line.SkuId, line.Quantity, line.Amount, products.TryGetValue(line.SkuId, out var productId) ? productId : null)).ToList();
            await Outbox.AddAsync(connection, transaction, new RefundCompleted(
                refund.Id, order.Id, order.UserId, refund.Kind, refund.Amount, order.Currency, counted.RefundedAmount, order.Total, lines, now));
            metrics.Refunded(refund.Kind, refund.Amount);
        });
    }
}
