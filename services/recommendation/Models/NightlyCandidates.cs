using System.Diagnostics;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using SocialCommerce.Recommendation.Ingest;

namespace SocialCommerce.Recommendation.Models;

/// <summary>
/// `recommendation train`, the nightly job: learns implicit ALS from every signal (decayed as tastes are) and, for each
/// user who consents to personalised recommendations, keeps two lists of <see cref="PerUser"/> listed products they have
/// not bought: 'taste' (the model's best) and 'similar' (the model job's similar items of their choices of the last 90
/// days, times how strongly they chose; for-you adds choices made since on the fly). The swap is one transaction, so
/// for-you reads the previous run or this one; users who withdrew their consent or were erased meanwhile are left out by
/// the insert itself.
/// </summary>
public sealed class NightlyCandidates(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<NightlyCandidates> logger)
{
    public const int PerUser = 50;
    public const string Model = "taste";

    public async Task<int> RunAsync(AlsSettings settings, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<(Guid UserId, Guid ProductId, string Kind, float Weight, DateTime At)>(
            "SELECT user_id, product_id, kind, weight, at FROM interactions")).ToList();
        var consenting = (await connection.QueryAsync<Guid>("SELECT user_id FROM consents WHERE personalised_recommendations")).ToHashSet();
        var listed = (await connection.QueryAsync<Guid>("SELECT id FROM products WHERE listed")).ToHashSet();
        var similarItems = (await connection.QueryAsync<(Guid ProductId, Guid SimilarId, double Score)>("SELECT product_id, similar_id, score FROM similar_items"))
            .ToLookup(row => row.ProductId, row => (row.SimilarId, row.Score));

        var users = Index(rows.Select(row => row.UserId));
        var products = Index(rows.Select(row => row.ProductId));
        var productIds = products.OrderBy(pair => pair.Value).Select(pair => pair.Key).ToArray();
        var matrix = FeedbackMatrix.FromEntries(users.Count, products.Count, rows.Select(row => (users[row.UserId], products[row.ProductId],
            (float)ModelJob.Decayed(row.Weight, now - new DateTimeOffset(row.At, TimeSpan.Zero), ModelJob.SimilarHalfLife))));
        var model = ImplicitAls.Train(matrix, settings, cancellationToken);
        var unlisted = productIds.Select(id => !listed.Contains(id)).ToArray();
        var bought = rows.Where(row => row.Kind == Signals.Purchase)
            .GroupBy(row => users[row.UserId]).ToDictionary(group => group.Key, group => group.Select(row => products[row.ProductId]).ToHashSet());

        // Each user's lists: the model's best over the whole catalogue is the costly part, so users go in parallel.
        var chosen = users.Where(pair => consenting.Contains(pair.Key)).ToArray();
        var choices = rows.Where(row => Signals.Choices.Contains(row.Kind) && now - new DateTimeOffset(row.At, TimeSpan.Zero) < Serving.ForYou.OwnChoicesWindow)
            .ToLookup(row => row.UserId);
        var lists = new (List<(int Product, float Score)> Taste, List<(Guid Product, double Score)> Similar)[chosen.Length];
        Parallel.For(0, chosen.Length, new ParallelOptions { CancellationToken = cancellationToken }, n =>
        {
            var (userId, user) = chosen[n];
            var mine = bought.GetValueOrDefault(user);
            var taste = model.Top(user, PerUser, product => unlisted[product] || (mine is not null && mine.Contains(product)));
            var similar = choices[userId]
                .SelectMany(choice => similarItems[choice.ProductId].Select(item => (item.SimilarId, Score: item.Score * choice.Weight)))
                .Where(item => listed.Contains(item.SimilarId) && !(mine is not null && products.TryGetValue(item.SimilarId, out var index) && mine.Contains(index)))
                .GroupBy(item => item.SimilarId).Select(group => (group.Key, group.Sum(item => item.Score)))
                .OrderByDescending(item => item.Item2).ThenBy(item => item.Key).Take(PerUser).ToList();
            lists[n] = (taste, similar);
        });

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Erasure takes the same lock, so a user erased while this trained is deleted after the swap or missing from it.
        await UserCandidates.LockAsync(connection, transaction);
        await connection.ExecuteAsync(
            "CREATE TEMPORARY TABLE staged_candidates (user_id uuid, source text, product_id uuid, score double precision) ON COMMIT DROP",
            transaction: transaction);
        var written = 0;
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY staged_candidates (user_id, source, product_id, score) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var n = 0; n < chosen.Length; n++)
            {
                var rowsOfUser = lists[n].Taste.Select(item => (UserCandidates.Taste, productIds[item.Product], (double)item.Score))
                    .Concat(lists[n].Similar.Select(item => (UserCandidates.Similar, item.Product, item.Score)));
                foreach (var (source, product, score) in rowsOfUser)
                {
                    await writer.StartRowAsync(cancellationToken);
                    await writer.WriteAsync(chosen[n].Key, NpgsqlDbType.Uuid, cancellationToken);
                    await writer.WriteAsync(source, NpgsqlDbType.Text, cancellationToken);
                    await writer.WriteAsync(product, NpgsqlDbType.Uuid, cancellationToken);
                    await writer.WriteAsync(score, NpgsqlDbType.Double, cancellationToken);
                    written++;
                }
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await connection.ExecuteAsync(
            """
            DELETE FROM user_candidates WHERE source IN (@Taste, @Similar);
            INSERT INTO user_candidates (user_id, source, product_id, score)
            SELECT s.user_id, s.source, s.product_id, s.score FROM staged_candidates s
            JOIN consents c ON c.user_id = s.user_id AND c.personalised_recommendations;
            """, new { UserCandidates.Taste, UserCandidates.Similar }, transaction);
        await ModelRuns.RecordAsync(connection, transaction, Model, now, watch.Elapsed, rows.Count);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Nightly candidates: {Signals} signals, {Users} users, {Products} products, {Written} candidates in {Seconds:0.0} s.",
            rows.Count, users.Count, products.Count, written, watch.Elapsed.TotalSeconds);
        return written;
    }

    private static Dictionary<Guid, int> Index(IEnumerable<Guid> ids)
    {
        var index = new Dictionary<Guid, int>();
        foreach (var id in ids) index.TryAdd(id, index.Count);
        return index;
    }
}
