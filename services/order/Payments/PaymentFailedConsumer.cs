using MassTransit;
using SocialCommerce.Contracts.Events.Payment;
using SocialCommerce.Order.Cancellation;
using SocialCommerce.Order.Orders;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Order.Payments;

/// <summary>
/// The payer declined or the provider refused: the order is cancelled and its stock released. A failure of another
/// payment than the order's, or after the order moved on, changes nothing (a later success is still honoured:
/// PaymentSucceededConsumer refunds it).
/// </summary>
public sealed class PaymentFailedConsumer(Inbox inbox, OrderMetrics metrics) : IConsumer<PaymentFailed>
{
    public async Task Consume(ConsumeContext<PaymentFailed> context)
    {
        var failed = context.Message;
        await inbox.HandleOnceAsync(context, nameof(PaymentFailedConsumer), async (connection, transaction) =>
        {
            var order = await OrderStore.LockAsync(connection, transaction, failed.OrderId);
            if (order is null || order.Status != OrderStatus.AwaitingPayment || (order.PaymentId ?? failed.PaymentId) != failed.PaymentId) return;
            await OrderCancellation.CancelAsync(connection, transaction, order.Id, [OrderStatus.AwaitingPayment], CancelReasons.PaymentFailed, failed.FailedAt, metrics);
        });
    }
}
