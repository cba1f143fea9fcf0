using Dapper;
using MassTransit;
using Microsoft.Extensions.Options;
using SocialCommerce.Contracts.Events.Identity;
using SocialCommerce.ReferralCommission.Fraud;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.ReferralCommission.Bindings;

/// <summary>
/// Every sign-up is recorded (masked nickname, phone prefix, device: for "my referrals" and the fraud checks); one with an
/// invite code also binds the new user to the code's owner. Once per event (inbox). A code that is unknown, the user's own,
/// or would close a cycle binds nothing: sign-up has already succeeded and must not fail for it.
/// </summary>
public sealed partial class UserRegisteredConsumer(
    Inbox inbox, IOptions<ReferralOptions> options, ReferralMetrics metrics, TimeProvider time, ILogger<UserRegisteredConsumer> logger)
    : IConsumer<UserRegistered>
{
    public async Task Consume(ConsumeContext<UserRegistered> context)
    {
        var registered = context.Message;
        await inbox.HandleOnceAsync(context, nameof(UserRegisteredConsumer), async (connection, transaction) =>
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO referral_users (user_id, nickname_masked, phone_prefix, device_id, registered_at, phone_verified)
                VALUES (@UserId, @nickname, @PhonePrefix, @DeviceId, @RegisteredAt, @PhoneVerified)
                ON CONFLICT (user_id) DO UPDATE SET
                    nickname_masked = EXCLUDED.nickname_masked, phone_prefix = EXCLUDED.phone_prefix, device_id = EXCLUDED.device_id,
                    registered_at = EXCLUDED.registered_at, phone_verified = referral_users.phone_verified OR EXCLUDED.phone_verified
                WHERE referral_users.nickname_masked IS NULL AND referral_users.registered_at > EXCLUDED.registered_at
                """,
                new { registered.UserId, nickname = Nicknames.Mask(registered.Nickname), PhonePrefix = Prefix(registered.PhonePrefix),
                      DeviceId = Device(registered.DeviceId), registered.RegisteredAt, registered.PhoneVerified },
                transaction);
            if (string.IsNullOrWhiteSpace(registered.InviteCode) || registered.InviteCode.Length > 16) return;
            var signals = new BindingSignals(Device(registered.DeviceId), Prefix(registered.PhonePrefix));
            var (outcome, _) = await Bindings.BindAsync(
                connection, transaction, registered.UserId, registered.InviteCode, "sign-up", signals, time.GetUtcNow(), options.Value, metrics);
            if (outcome != BindOutcome.Bound) LogNotBound(registered.UserId, outcome);
        });
    }

    // Identity checked both; bounded again here because an event is input like any other.
    private static string? Prefix(string? prefix) => prefix is { Length: 7 } && prefix.All(char.IsAsciiDigit) ? prefix : null;

    private static string? Device(string? device) => device is { Length: > 0 and <= 64 } ? device : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-up of {UserId} carried an invite code that binds nothing: {Outcome}")]
    private partial void LogNotBound(Guid userId, BindOutcome outcome);
}
