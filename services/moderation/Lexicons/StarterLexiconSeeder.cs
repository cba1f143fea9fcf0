using Dapper;
using Npgsql;
using SocialCommerce.Moderation.Screening;

namespace SocialCommerce.Moderation.Lexicons;

/// <summary>
/// Loads the lexicons shipped in Screening/Lexicons into a new database, once: the flag row is claimed in the same
/// transaction, so replicas starting together seed it once and an admin's later edits are never overwritten.
/// </summary>
public static class StarterLexiconSeeder
{
    public static async Task SeedOnceAsync(NpgsqlDataSource dataSource, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var claimed = await connection.ExecuteAsync(
            "UPDATE screening_config SET starter_seeded = true, version = version + 1 WHERE NOT starter_seeded", transaction: transaction);
        if (claimed == 0) return;

        var lexicons = StarterLexicon.Load();
        foreach (var (name, terms) in lexicons)
        {
            await connection.ExecuteAsync(
                "INSERT INTO lexicons (name, updated_at) VALUES (@name, @now) ON CONFLICT DO NOTHING", new { name, now }, transaction);
            await connection.ExecuteAsync(
                """
                INSERT INTO lexicon_terms (lexicon, term, category)
                SELECT @name, term, category FROM unnest(@terms::text[], @categories::text[]) AS t (term, category)
                ON CONFLICT DO NOTHING
                """,
                new { name, terms = terms.Select(t => t.Term).ToArray(), categories = terms.Select(t => t.Category).ToArray() }, transaction);
        }

        await connection.ExecuteAsync(
            $"""
            INSERT INTO audit_log (at, action, subject, details)
            VALUES (@now, 'starter-lexicon-loaded', 'lexicons', jsonb_build_object('lexicons', @count::int, 'terms', @terms::int));
            NOTIFY {ScreeningConfigStore.ChangedChannel};
            """,
            new { now, count = lexicons.Count, terms = lexicons.Sum(l => l.Terms.Count) }, transaction);
        await transaction.CommitAsync(cancellationToken);
    }
}
