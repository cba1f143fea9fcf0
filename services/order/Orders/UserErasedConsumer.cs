using Dapper;
using MassTransit;
using SocialCommerce.Contracts.Events.Identity;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Order.Orders;

/// <summary>
/// PIPL erasure: the user's cart goes, their shipping addresses (recipient, phone, street) are blanked and so is the free
/// text they wrote on refund requests (it may name them or hold a phone number). Orders themselves stay, anonymous apart
/// from the user id identity no longer resolves, because merchants' books and refunds must still add up.
/// </summary>
public sealed class UserErasedConsumer(Inbox inbox) : IConsumer<UserErased>
{
    public Task Consume(ConsumeContext<UserErased> context) =>
        inbox.HandleOnceAsync(context, nameof(UserErasedConsumer), (connection, transaction) =>
            connection.ExecuteAsync(
                """
                DELETE FROM carts WHERE user_id = @UserId;
                UPDATE orders SET shipping_address = jsonb_build_object('name', '已注销', 'phone', '', 'region', shipping_address->>'region', 'line1', '')
                WHERE user_id = @UserId;
                UPDATE refund_requests SET reason = '' WHERE user_id = @UserId;
                """,
                new { context.Message.UserId }, transaction));
}
