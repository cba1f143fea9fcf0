using MassTransit;
using SocialCommerce.Contracts.Events.Identity;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.ReferralCommission.Bindings;

/// <summary>
/// A sign-up with an invite code binds the new user to the code's owner, once per event (inbox). A code that is unknown,
/// the user's own, or would close a cycle binds nothing: sign-up has already succeeded and must not fail for it.
/// </summary>
public sealed partial class UserRegisteredConsumer(Inbox inbox, TimeProvider time, ILogger<UserRegisteredConsumer> logger) : IConsumer<UserRegistered>
{
    public async Task Consume(ConsumeContext<UserRegistered> context)
    {
        var registered = context.Message;
        if (string.IsNullOrWhiteSpace(registered.InviteCode) || registered.InviteCode.Length > 16) return;
        await inbox.HandleOnceAsync(context, nameof(UserRegisteredConsumer), async (connection, transaction) =>
        {
            var (outcome, _) = await Bindings.BindAsync(connection, transaction, registered.UserId, registered.InviteCode, "sign-up", time.GetUtcNow());
            if (outcome != BindOutcome.Bound) LogNotBound(registered.UserId, outcome);
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-up of {UserId} carried an invite code that binds nothing: {Outcome}")]
    private partial void LogNotBound(Guid userId, BindOutcome outcome);
}
