using Dapper;
using MassTransit;
using Npgsql;
using SocialCommerce.Contracts.Events.Identity;

namespace SocialCommerce.Recommendation.Ingest;

/// <summary>
/// Keeps each user's latest consents (an older copy, redelivered or overtaken, changes nothing). Nothing personal is
/// cached, so a withdrawal shows on the next for-you answer.
/// </summary>
public sealed class ConsentsChangedConsumer(NpgsqlDataSource dataSource) : IConsumer<ConsentsChanged>
{
    public async Task Consume(ConsumeContext<ConsentsChanged> context)
    {
        var changed = context.Message;
        await using var connection = await dataSource.OpenConnectionAsync(context.CancellationToken);
        await connection.ExecuteAsync(
            """
            INSERT INTO consents (user_id, social_proof, personalised_recommendations, changed_at)
            VALUES (@UserId, @SocialProof, @PersonalisedRecommendations, @at)
            ON CONFLICT (user_id) DO UPDATE SET social_proof = excluded.social_proof,
                personalised_recommendations = excluded.personalised_recommendations, changed_at = excluded.changed_at
            WHERE consents.changed_at < excluded.changed_at
            """,
            new { changed.UserId, changed.SocialProof, changed.PersonalisedRecommendations, at = changed.ChangedAt.ToUniversalTime() });
    }
}
