using Dapper;
using MassTransit;
using Npgsql;
using SocialCommerce.Contracts.Events.Identity;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.ReferralCommission.Bindings;

/// <summary>
/// An account proved its phone after signing up: from now on its frozen commission (earned, or triggered by its orders) may
/// settle. Should this arrive before its UserRegistered, a placeholder row takes the flag and UserRegistered fills it in.
/// </summary>
public sealed class PhoneVerifiedConsumer(Inbox inbox) : IConsumer<PhoneVerified>
{
    public Task Consume(ConsumeContext<PhoneVerified> context) =>
        inbox.HandleOnceAsync(context, nameof(PhoneVerifiedConsumer), (connection, transaction) => MarkAsync(connection, transaction, context.Message));

    public static Task MarkAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PhoneVerified verified) =>
        connection.ExecuteAsync(
            """
            INSERT INTO referral_users (user_id, registered_at, phone_verified) VALUES (@UserId, @VerifiedAt, true)
            ON CONFLICT (user_id) DO UPDATE SET phone_verified = true
            """,
            new { verified.UserId, verified.VerifiedAt }, transaction);
}
