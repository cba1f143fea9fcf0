using MassTransit;
using SocialCommerce.Contracts.Events.Identity;
using SocialCommerce.Order.AfterSales;
using SocialCommerce.Order.Carts;
using SocialCommerce.Order.FlashSales;
using SocialCommerce.Order.Orders;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Order.Privacy;

/// <summary>
/// PIPL erasure: the user's cart goes, their shipping addresses (recipient, phone, street) are blanked in orders and
/// flash-sale tickets, and so is the free text they wrote on refund requests (it may name them or hold a phone number).
/// Orders themselves stay, anonymous apart from the user id identity no longer resolves, because merchants' books and
/// refunds must still add up.
/// </summary>
public sealed class UserErasedConsumer(Inbox inbox) : IConsumer<UserErased>
{
    public Task Consume(ConsumeContext<UserErased> context) =>
        inbox.HandleOnceAsync(context, nameof(UserErasedConsumer), async (connection, transaction) =>
        {
            var userId = context.Message.UserId;
            await CartStore.DeleteAsync(connection, transaction, userId);
            await OrderStore.EraseAddressesAsync(connection, transaction, userId);
            await FlashSaleTickets.EraseAddressesAsync(connection, transaction, userId);
            await RefundRequestStore.EraseReasonsAsync(connection, transaction, userId);
        });
}
