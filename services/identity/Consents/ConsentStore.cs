using Dapper;
using Npgsql;

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

    public async Task SetAsync(Guid userId, ConsentsDto consents)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO consents (user_id, social_proof, personalised_recommendations, marketing, updated_at)
            VALUES (@userId, @SocialProof, @PersonalisedRecommendations, @Marketing, now())
            ON CONFLICT (user_id) DO UPDATE SET social_proof = excluded.social_proof,
                personalised_recommendations = excluded.personalised_recommendations,
                marketing = excluded.marketing, updated_at = now()
            """,
            new { userId, consents.SocialProof, consents.PersonalisedRecommendations, consents.Marketing });
    }
}
