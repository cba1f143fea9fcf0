using Dapper;
using Npgsql;
using SocialCommerce.Contracts.Events.Identity;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Identity.Consents;

public sealed record ConsentsDto(bool SocialProof, bool PersonalisedRecommendations, bool Marketing);

/// <summary>PIPL consents, opt-in: every one is false until the user turns it on, and can be withdrawn any time.</summary>
public sealed class ConsentStore(NpgsqlDataSource dataSource)
{
    public async Task<ConsentsDto> GetAsync(Guid userId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<ConsentsDto>(
            "SELECT social_proof, personalised_recommendations, marketing FROM consents WHERE user_id = @userId", new { userId })
            ?? new ConsentsDto(false, false, false);
    }

    /// <summary>
    /// Writes the consents and, when they differ from before, announces them in the same transaction: social hides a
    /// person from "friends bought" within seconds of a withdrawal, recommendation stops personalising.
    /// </summary>
    public async Task SetAsync(Guid userId, ConsentsDto consents)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var before = await connection.QuerySingleOrDefaultAsync<ConsentsDto>(
            "SELECT social_proof, personalised_recommendations, marketing FROM consents WHERE user_id = @userId FOR UPDATE",
            new { userId }, transaction) ?? new ConsentsDto(false, false, false);
        var changedAt = await connection.ExecuteScalarAsync<DateTime>(
            """
            INSERT INTO consents (user_id, social_proof, personalised_recommendations, marketing, updated_at)
            VALUES (@userId, @SocialProof, @PersonalisedRecommendations, @Marketing, clock_timestamp())
            ON CONFLICT (user_id) DO UPDATE SET social_proof = excluded.social_proof,
                personalised_recommendations = excluded.personalised_recommendations,
                marketing = excluded.marketing, updated_at = excluded.updated_at
            RETURNING updated_at
            """,
            new { userId, consents.SocialProof, consents.PersonalisedRecommendations, consents.Marketing }, transaction);
        if (before != consents)
        {
            await Outbox.AddAsync(connection, transaction, new ConsentsChanged(
                userId, consents.SocialProof, consents.PersonalisedRecommendations, consents.Marketing,
                new DateTimeOffset(DateTime.SpecifyKind(changedAt, DateTimeKind.Utc))));
        }

        await transaction.CommitAsync();
    }
}
