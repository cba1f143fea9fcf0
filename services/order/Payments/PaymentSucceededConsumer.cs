using MassTransit;
using SocialCommerce.Contracts.Events.Order;
using SocialCommerce.Contracts.Events.Payment;
using SocialCommerce.Order.Campaigns;
using SocialCommerce.Order.Orders;
using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.ServiceDefaults.Postgres;

namespace SocialCommerce.Order.Payments;

/// <summary>
/// Money arrived. An order awaiting it becomes paid, with OrderPaid and the stock commit owed, in one transaction
/// with the inbox row: a duplicate, or a redelivery after a crash, pays the order once. A cart order's payment is four
/// round trips: the inbox row, the order locked with its lines, the batch of writes, the commit. Money for an order that
/// was cancelled meanwhile (or is not this order's payment) goes back at once.
/// </summary>
public sealed partial class PaymentSucceededConsumer(Inbox inbox, OrderMetrics metrics, ILogger<PaymentSucceededConsumer> logger)
    : IConsumer<PaymentSucceeded>
{
    public async Task Consume(ConsumeContext<PaymentSucceeded> context)
    {
        var paid = context.Message;
        await inbox.HandleOnceAsync(context, nameof(PaymentSucceededConsumer), async (connection, transaction) =>
        {
            var (order, lines) = await OrderStore.LockWithLinesAsync(connection, transaction, paid.OrderId)
                ?? throw new InvalidOperationException($"Payment {paid.PaymentId} is for unknown order {paid.OrderId}.");
            var now = paid.SucceededAt;
            if (order.Status == OrderStatus.AwaitingPayment && paid.Amount == order.Total && (order.PaymentId ?? paid.PaymentId) == paid.PaymentId)
            {
                if (order.TeamId is not null) await GroupBuyTeams.MemberPaidAsync(connection, transaction, order, now, metrics);
                var campaignType = order.CampaignId is { } campaignId ? await CampaignCatalog.TypeAsync(connection, transaction, campaignId) : null;
                // The move, the stock commit it owes and OrderPaid need no answer from each other: one round trip.
                var batch = OrderStore.MarkPaid(new StatementBatch(), order.Id, paid.PaymentId, paid.Amount, now);
                OrderTasks.AddCommitStock(batch, order.Id, now);
                Outbox.Add(batch, new OrderPaid(
                    order.Id, order.OrderNo, order.UserId, order.ShopId, paid.PaymentId, order.Total, order.Currency,
                    lines.Select(line => new OrderLine(line.SkuId, line.ProductId, line.Quantity, line.UnitPrice)).ToList(),
                    order.ReferralCode, now, order.CampaignId, campaignType));
                await batch.ExecuteAsync(connection, transaction);
                metrics.OrderPaid(paid.Amount);
                return;
            }

            if (order.PaymentId == paid.PaymentId && order.PaidAt is not null) return;

            // A late payment: the order was cancelled (expired, declined, by the shopper) before this money arrived.
            LogLatePayment(paid.PaymentId, order.Id, order.Status);
            var received = await OrderStore.ReceiveLatePaymentAsync(connection, transaction, order, paid.PaymentId, paid.Amount, now);
            await OrderStore.OpenRefundAsync(connection, transaction, received, paid.PaymentId, RefundKinds.LatePayment, paid.Amount, [], null, restock: false, now);
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment {PaymentId} arrived for order {OrderId} in status {Status}; refunding it")]
    private partial void LogLatePayment(Guid paymentId, Guid orderId, string status);
}
