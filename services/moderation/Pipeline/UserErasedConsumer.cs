using Dapper;
using MassTransit;
using SocialCommerce.Contracts.Events.Identity;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Moderation.Pipeline;

/// <summary>
/// PIPL erasure: the user's review texts and fingerprints go, and the texts in their cases are blanked. What was
/// decided, by whom, on which terms and why stays: the audit trail is the platform's record of its own decisions.
/// </summary>
public sealed class UserErasedConsumer(Inbox inbox) : IConsumer<UserErased>
{
    public Task Consume(ConsumeContext<UserErased> context) =>
        inbox.HandleOnceAsync(context, nameof(UserErasedConsumer), (connection, transaction) =>
            connection.ExecuteAsync(
                """
                DELETE FROM review_fingerprints WHERE author_id = @UserId;
                UPDATE cases SET fields = (
                    SELECT coalesce(jsonb_agg(field || jsonb_build_object('text', '')), '[]'::jsonb) FROM jsonb_array_elements(fields) AS field)
                WHERE owner_id = @UserId;
                UPDATE cases SET appeal_statement = '' WHERE owner_id = @UserId AND appeal_statement IS NOT NULL;
                """,
                new { context.Message.UserId }, transaction));
}
