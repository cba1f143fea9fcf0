using System.Diagnostics;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using SocialCommerce.Recommendation.Ingest;

namespace SocialCommerce.Recommendation.Models;

/// <summary>
/// `recommendation train`, the offline taste job: learns implicit ALS from every signal (decayed as tastes are) and keeps
/// the best <see cref="PerUser"/> products for each user who consents to personalised recommendations, leaving out what
/// they bought and what is not listed. The swap is one transaction, so for-you reads the previous run or this one; users
/// who withdrew their consent or were erased while it trained are left out by the insert itself.
/// </summary>
public sealed class TasteTraining(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<TasteTraining> logger)
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

        var users = Index(rows.Select(row => row.UserId));
        var products = Index(rows.Select(row => row.ProductId));
        var productIds = products.OrderBy(pair => pair.Value).Select(pair => pair.Key).ToArray();
        var matrix = FeedbackMatrix.FromEntries(users.Count, products.Count, rows.Select(row => (users[row.UserId], products[row.ProductId],
            (float)ModelJob.Decayed(row.Weight, now - new DateTimeOffset(row.At, TimeSpan.Zero), ModelJob.SimilarHalfLife))));
        var model = ImplicitAls.Train(matrix, settings, cancellationToken);
        var bought = rows.Where(row => row.Kind == Signals.Purchase).Select(row => (users[row.UserId], products[row.ProductId])).ToHashSet();

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Erasure takes the same lock, so a user erased while this trained is deleted after the swap or missing from it.
        await ModelRuns.LockTasteAsync(connection, transaction);
        await connection.ExecuteAsync(
            "CREATE TEMPORARY TABLE staged_taste (user_id uuid, product_id uuid, score double precision) ON COMMIT DROP", transaction: transaction);
        var written = 0;
        await using (var writer = await connection.BeginBinaryImportAsync("COPY staged_taste (user_id, product_id, score) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var (userId, user) in users.Where(pair => consenting.Contains(pair.Key)))
            {
                foreach (var (product, score) in model.Top(user, PerUser, product => !listed.Contains(productIds[product]) || bought.Contains((user, product))))
                {
                    await writer.StartRowAsync(cancellationToken);
                    await writer.WriteAsync(userId, NpgsqlDbType.Uuid, cancellationToken);
                    await writer.WriteAsync(productIds[product], NpgsqlDbType.Uuid, cancellationToken);
                    await writer.WriteAsync((double)score, NpgsqlDbType.Double, cancellationToken);
                    written++;
                }
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await connection.ExecuteAsync(
            """
            DELETE FROM taste_candidates;
            INSERT INTO taste_candidates (user_id, product_id, score)
            SELECT s.user_id, s.product_id, s.score FROM staged_taste s
            JOIN consents c ON c.user_id = s.user_id AND c.personalised_recommendations;
            """, transaction: transaction);
        await ModelRuns.RecordAsync(connection, transaction, Model, now, watch.Elapsed, rows.Count);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Taste model: {Signals} signals, {Users} users, {Products} products, {Written} candidates in {Seconds:0.0} s.",
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
