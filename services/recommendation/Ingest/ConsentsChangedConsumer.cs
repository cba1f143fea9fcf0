using Dapper;
using MassTransit;
using Npgsql;
using SocialCommerce.Contracts.Events.Identity;
using SocialCommerce.Recommendation.Models;
using SocialCommerce.Recommendation.Privacy;

namespace SocialCommerce.Recommendation.Ingest;

/// <summary>
/// Keeps each user's latest consents (an older copy, redelivered or overtaken, changes nothing). For-you reads the consent
/// on every request, so a withdrawal shows on the next answer; a withdrawn social proof also leaves her followers'
/// precomputed friends-bought at once. Nothing is written for consents given before an erasure (ErasedUsers).
/// </summary>
public sealed class ConsentsChangedConsumer(NpgsqlDataSource dataSource) : IConsumer<ConsentsChanged>
{
    public async Task Consume(ConsumeContext<ConsentsChanged> context)
    {
        var changed = context.Message;
        await using var connection = await dataSource.OpenConnectionAsync(context.CancellationToken);
        bool applied;
        await using (var results = await connection.QueryMultipleAsync(
            $"""
            {ErasedUsers.LockShared("ARRAY[@UserId]")};
            INSERT INTO consents (user_id, social_proof, personalised_recommendations, changed_at)
            SELECT @UserId, @SocialProof, @PersonalisedRecommendations, @at WHERE {ErasedUsers.NoneErasedSince("ARRAY[@UserId]", "@at")}
            ON CONFLICT (user_id) DO UPDATE SET social_proof = excluded.social_proof,
                personalised_recommendations = excluded.personalised_recommendations, changed_at = excluded.changed_at
            WHERE consents.changed_at < excluded.changed_at
            RETURNING true
            """,
            new { changed.UserId, changed.SocialProof, changed.PersonalisedRecommendations, at = changed.ChangedAt.ToUniversalTime() }))
        {
            await results.ReadAsync<long>();
            applied = (await results.ReadAsync<bool>()).Any();
        }

        // Friends-bought is precomputed: a withdrawal takes her purchases off her followers' pages now, not at the next run.
        if (applied && !changed.SocialProof) await UserCandidates.ForgetAsSocialProofAsync(connection, changed.UserId);
    }
}
