using System.Data.Common;
using Npgsql;
using SocialCommerce.Recommendation.Ingest;
using SocialCommerce.Recommendation.Models;

namespace SocialCommerce.Recommendation.Serving;

/// <summary>A product and how strongly a source recommends it.</summary>
public readonly record struct ProductScore(Guid ProductId, double Score);

/// <summary>
/// A shopper's inputs to the for-you blend: the consent, what they bought (never offered again), their precomputed
/// candidates by source, and the similar items of the choices made since the nightly run (the nightly 'similar' list does
/// not know them yet).
/// </summary>
public sealed record Shopper(bool Personalised, Guid[] Bought, ProductScore[] FriendsBought, ProductScore[] Similar, ProductScore[] Taste, ProductScore[] SimilarSince)
{
    /// <summary>No consent seen, nothing bought: trending and popular only.</summary>
    public static readonly Shopper Unknown = new(false, [], [], [], [], []);
}

/// <summary>
/// The reads behind <see cref="PersonalCandidates"/>: of some shoppers (one round trip whatever their number) or of everyone
/// (a replica's start and each nightly run), and the parts each periodic model run rewrites. Rows are read by hand rather
/// than through Dapper: the whole-platform read is millions of rows.
/// </summary>
public static class PersonalReads
{
    private const int FriendsBought = 0, Similar = 1, Taste = 2;

    public static async Task<Dictionary<Guid, Shopper>> ShoppersAsync(NpgsqlConnection connection, Guid[]? users, CancellationToken cancellationToken)
    {
        var only = users is null ? "" : "AND user_id = ANY(@users)";
        await using var batch = Batch(connection, users,
            $"SELECT user_id FROM consents WHERE personalised_recommendations {only}",
            $"SELECT DISTINCT user_id, product_id FROM interactions WHERE kind = '{Signals.Purchase}' {only}",
            CandidatesSql(only, sources: null),
            SimilarSinceSql(only));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var shoppers = new Dictionary<Guid, Parts>();
        Parts Of(Guid user) => shoppers.TryGetValue(user, out var parts) ? parts : shoppers[user] = new Parts();
        while (await reader.ReadAsync(cancellationToken)) Of(reader.GetGuid(0)).Personalised = true;
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) Of(reader.GetGuid(0)).Bought.Add(reader.GetGuid(1));
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) Of(reader.GetGuid(0)).Sources[reader.GetInt32(1)].Add(new ProductScore(reader.GetGuid(2), reader.GetDouble(3)));
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) Of(reader.GetGuid(0)).Sources[3].Add(new ProductScore(reader.GetGuid(1), reader.GetDouble(2)));
        return shoppers.ToDictionary(pair => pair.Key, pair => pair.Value.ToShopper());
    }

    /// <summary>Everyone's friends-bought and similar-since: what a periodic model run changes (similar items included).</summary>
    public static async Task<(Dictionary<Guid, ProductScore[]> FriendsBought, Dictionary<Guid, ProductScore[]> SimilarSince)> ModelPartsAsync(
        NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var batch = Batch(connection, null, CandidatesSql("", sources: UserCandidates.FriendsBought), SimilarSinceSql(""));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var friends = await GroupAsync(reader, row => new ProductScore(row.GetGuid(2), row.GetDouble(3)), cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var since = await GroupAsync(reader, row => new ProductScore(row.GetGuid(1), row.GetDouble(2)), cancellationToken);
        return (friends, since);
    }

    private static string CandidatesSql(string only, string? sources) =>
        $"""
        SELECT user_id, CASE source WHEN '{UserCandidates.FriendsBought}' THEN {FriendsBought} WHEN '{UserCandidates.Similar}' THEN {Similar} ELSE {Taste} END,
               product_id, score
        FROM user_candidates WHERE {(sources is null ? "true" : $"source = '{sources}'")} {only}
        """;

    /// <summary>
    /// Choices since the nightly run started (all of the last 90 days when it never ran) times their similar items. The
    /// choices are summed per product before the join: the same sums, but a shopper who bought one product a hundred
    /// times joins it once rather than a hundred times (the checkout benchmark's buyers made this a fifth of all
    /// statement time).
    /// </summary>
    private static string SimilarSinceSql(string only) =>
        $"""
        SELECT c.user_id, s.similar_id, sum(s.score * c.weight)
        FROM (SELECT user_id, product_id, sum(weight::float8) AS weight FROM interactions
              WHERE kind = ANY(@kinds) AND at > now() - @window {only}
                AND at >= coalesce((SELECT finished_at - make_interval(secs => seconds) FROM model_runs WHERE model = '{NightlyCandidates.Model}'), '-infinity')
              GROUP BY user_id, product_id) c
        JOIN similar_items s ON s.product_id = c.product_id
        GROUP BY c.user_id, s.similar_id
        """;

    private static NpgsqlBatch Batch(NpgsqlConnection connection, Guid[]? users, params string[] statements)
    {
        var batch = new NpgsqlBatch(connection);
        foreach (var sql in statements)
        {
            var command = new NpgsqlBatchCommand(sql);
            if (users is not null) command.Parameters.AddWithValue("users", users);
            if (sql.Contains("@kinds", StringComparison.Ordinal))
            {
                command.Parameters.AddWithValue("kinds", Signals.Choices);
                command.Parameters.AddWithValue("window", ForYou.OwnChoicesWindow);
            }

            batch.BatchCommands.Add(command);
        }

        return batch;
    }

    private static async Task<Dictionary<Guid, ProductScore[]>> GroupAsync(DbDataReader reader, Func<DbDataReader, ProductScore> row, CancellationToken cancellationToken)
    {
        var lists = new Dictionary<Guid, List<ProductScore>>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var user = reader.GetGuid(0);
            if (!lists.TryGetValue(user, out var list)) lists[user] = list = [];
            list.Add(row(reader));
        }

        return lists.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray());
    }

    private sealed class Parts
    {
        public bool Personalised;
        public readonly List<Guid> Bought = [];
        /// <summary>Friends-bought, similar, taste (as numbered above), similar-since.</summary>
        public readonly List<ProductScore>[] Sources = [[], [], [], []];

        public Shopper ToShopper() => new(Personalised, [.. Bought], [.. Sources[FriendsBought]], [.. Sources[Similar]], [.. Sources[Taste]], [.. Sources[3]]);
    }
}
