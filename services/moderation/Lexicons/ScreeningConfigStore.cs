using System.Text.Json;
using Dapper;
using Npgsql;
using SocialCommerce.Moderation.Screening;

namespace SocialCommerce.Moderation.Lexicons;

public sealed record LexiconView(string Name, long Version, DateTimeOffset UpdatedAt, IReadOnlyList<LexiconTerm> Terms);

/// <summary>
/// Lexicons and rules in the database. Every change bumps the one configuration version and NOTIFYs in the same
/// transaction, so every instance rebuilds its matcher once the change is committed, and never before.
/// </summary>
public sealed class ScreeningConfigStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    public const string ChangedChannel = "moderation_config";

    public async Task<long> VersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT version FROM screening_config");
    }

    public async Task<ScreeningConfig> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Repeatable read: terms, rules and version from one snapshot.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var version = await connection.ExecuteScalarAsync<long>("SELECT version FROM screening_config", transaction: transaction);
        var terms = await connection.QueryAsync<LexiconTerm>(
            "SELECT term AS Term, category AS Category FROM lexicon_terms", transaction: transaction);
        var rules = await connection.QueryAsync<Rule>(
            "SELECT kind AS Kind, category AS Category, outcome AS Outcome FROM rules", transaction: transaction);
        await transaction.CommitAsync(cancellationToken);
        return new ScreeningConfig(version, TextMatcher.Build(terms), new RuleBook(rules));
    }

    public async Task<IReadOnlyList<string>> LexiconNamesAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<string>("SELECT name FROM lexicons ORDER BY name")).ToList();
    }

    public async Task<LexiconView?> GetLexiconAsync(string name)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await ReadLexiconAsync(connection, null, name);
    }

    /// <summary>Replaces the lexicon's terms (creating it when new).</summary>
    public async Task<LexiconView> PutLexiconAsync(string name, IReadOnlyList<LexiconTerm> terms, Guid actorId)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO lexicons (name, updated_at, updated_by) VALUES (@name, @now, @actorId)
            ON CONFLICT (name) DO UPDATE SET updated_at = @now, updated_by = @actorId
            """,
            new { name, now, actorId }, transaction);
        var before = await connection.ExecuteAsync("DELETE FROM lexicon_terms WHERE lexicon = @name", new { name }, transaction);
        await connection.ExecuteAsync(
            """
            INSERT INTO lexicon_terms (lexicon, term, category)
            SELECT @name, term, category FROM unnest(@terms::text[], @categories::text[]) AS t (term, category)
            """,
            new { name, terms = terms.Select(t => t.Term).ToArray(), categories = terms.Select(t => t.Category).ToArray() }, transaction);
        await ChangedAsync(connection, transaction, actorId, "lexicon-replaced", $"lexicon:{name}",
            new { termsBefore = before, termsAfter = terms.Count }, now);
        var view = await ReadLexiconAsync(connection, transaction, name);
        await transaction.CommitAsync();
        return view!;
    }

    public async Task<IReadOnlyList<Rule>> RulesAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<Rule>(
            "SELECT kind AS Kind, category AS Category, outcome AS Outcome FROM rules ORDER BY kind, category")).ToList();
    }

    /// <summary>Sets the given (kind, category) pairs; pairs not named keep their outcome.</summary>
    public async Task<IReadOnlyList<Rule>> PutRulesAsync(IReadOnlyList<Rule> rules, Guid actorId)
    {
        var now = time.GetUtcNow();
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO rules (kind, category, outcome, updated_at, updated_by)
                SELECT kind, category, outcome, @now, @actorId
                FROM unnest(@kinds::text[], @categories::text[], @outcomes::text[]) AS r (kind, category, outcome)
                ON CONFLICT (kind, category) DO UPDATE SET outcome = excluded.outcome, updated_at = @now, updated_by = @actorId
                """,
                new
                {
                    kinds = rules.Select(r => r.Kind).ToArray(), categories = rules.Select(r => r.Category).ToArray(),
                    outcomes = rules.Select(r => r.Outcome).ToArray(), now, actorId,
                },
                transaction);
            await ChangedAsync(connection, transaction, actorId, "rules-changed", "rules", new { rules }, now);
            await transaction.CommitAsync();
        }

        return await RulesAsync();
    }

    private static async Task ChangedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid? actorId, string action, string subject, object details, DateTimeOffset now)
    {
        await connection.ExecuteAsync(
            $"""
            UPDATE screening_config SET version = version + 1;
            INSERT INTO audit_log (at, actor_id, action, subject, details) VALUES (@now, @actorId, @action, @subject, @details::jsonb);
            NOTIFY {ChangedChannel};
            """,
            new { now, actorId, action, subject, details = JsonSerializer.Serialize(details, JsonSerializerOptions.Web) }, transaction);
    }

    private static async Task<LexiconView?> ReadLexiconAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string name)
    {
        var found = await connection.QuerySingleOrDefaultAsync<LexiconHeader>(
            "SELECT l.updated_at, c.version FROM lexicons l CROSS JOIN screening_config c WHERE l.name = @name",
            new { name }, transaction);
        if (found is null) return null;
        var terms = await connection.QueryAsync<LexiconTerm>(
            "SELECT term AS Term, category AS Category FROM lexicon_terms WHERE lexicon = @name ORDER BY category, term",
            new { name }, transaction);
        return new LexiconView(name, found.Version, new DateTimeOffset(found.UpdatedAt, TimeSpan.Zero), terms.ToList());
    }

    private sealed class LexiconHeader
    {
        public DateTime UpdatedAt { get; init; }
        public long Version { get; init; }
    }
}
