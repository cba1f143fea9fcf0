using Dapper;
using MassTransit;
using SocialCommerce.Contracts.Events.Identity;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.ReferralCommission.Bindings;

/// <summary>
/// PIPL erasure: the masked nickname and the sign-up signals (phone prefix, device) go. Bindings and ledger lines stay, keyed by
/// the user id alone, because commission paid and owed is a financial record the platform must keep.
/// </summary>
public sealed class UserErasedConsumer(Inbox inbox) : IConsumer<UserErased>
{
    public Task Consume(ConsumeContext<UserErased> context) =>
        inbox.HandleOnceAsync(context, nameof(UserErasedConsumer), (connection, transaction) => connection.ExecuteAsync(
            """
            UPDATE referral_users SET nickname_masked = NULL, phone_prefix = NULL, device_id = NULL WHERE user_id = @UserId;
            UPDATE bindings SET device_id = NULL, phone_prefix = NULL WHERE user_id = @UserId;
            """,
            new { context.Message.UserId }, transaction));
}
