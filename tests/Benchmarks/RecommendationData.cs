using Dapper;
using Npgsql;
using NpgsqlTypes;
using SocialCommerce.Recommendation.Evaluation;

namespace SocialCommerce.Benchmarks;

/// <summary>
/// Benchmark P6's generated shop in recommendation's real schema: its products listed, its signals (moved in time so the
/// newest is now, as the serving queries decay by <c>now()</c>), follows, and consents (personalised recommendations for
/// everyone, social proof as generated), then <c>VACUUM ANALYZE</c> as a settled database would be.
/// </summary>
public static class RecommendationData
{
    public static async Task<Guid[]> LoadAsync(string connectionString, ShopData shop)
    {
        var shift = DateTimeOffset.UtcNow - shop.End;
        var userIds = Enumerable.Range(0, shop.Shape.Users).Select(_ => Guid.CreateVersion7()).ToArray();
        var productIds = Enumerable.Range(0, shop.Shape.Products).Select(_ => Guid.CreateVersion7()).ToArray();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // History loaded before any replica runs: nothing to tell them (serving_changes), and a million notes would only slow the load.
        await connection.ExecuteAsync("ALTER TABLE interactions DISABLE TRIGGER USER; ALTER TABLE consents DISABLE TRIGGER USER");
        await connection.ExecuteAsync(
            """
            INSERT INTO products (id, shop_id, category_id, title, min_price, currency, listed, listed_at, changed_at)
            SELECT id, gen_random_uuid(), category + 1, '推荐好物 ' || n, 1000 + n % 9000, 'CNY', true, now() - interval '200 days', now() - interval '200 days'
            FROM unnest(@productIds, @categories) WITH ORDINALITY AS p (id, category, n)
            """,
            new { productIds, categories = shop.CategoryOf });

        await using (var writer = await connection.BeginBinaryImportAsync("COPY interactions (user_id, product_id, kind, source, weight, at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var n = 0; n < shop.Signals.Count; n++)
            {
                var signal = shop.Signals[n];
                await writer.StartRowAsync();
                await writer.WriteAsync(userIds[signal.User], NpgsqlDbType.Uuid);
                await writer.WriteAsync(productIds[signal.Product], NpgsqlDbType.Uuid);
                await writer.WriteAsync(signal.Kind, NpgsqlDbType.Text);
                await writer.WriteAsync($"g{n}", NpgsqlDbType.Text);
                await writer.WriteAsync(signal.Weight, NpgsqlDbType.Real);
                await writer.WriteAsync((signal.At + shift).UtcDateTime, NpgsqlDbType.TimestampTz);
            }

            await writer.CompleteAsync();
        }

        await using (var writer = await connection.BeginBinaryImportAsync("COPY follows (follower_id, target_id, followed_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var user = 0; user < shop.Shape.Users; user++)
            {
                foreach (var target in shop.Follows[user])
                {
                    await writer.WriteRowAsync(default, userIds[user], userIds[target], DateTime.UtcNow.AddDays(-100));
                }
            }

            await writer.CompleteAsync();
        }

        await connection.ExecuteAsync(
            """
            INSERT INTO consents (user_id, social_proof, personalised_recommendations, changed_at)
            SELECT id, social, true, now() FROM unnest(@userIds, @socialProof) AS c (id, social)
            """,
            new { userIds, socialProof = shop.SocialProof });
        await connection.ExecuteAsync("ALTER TABLE interactions ENABLE TRIGGER USER; ALTER TABLE consents ENABLE TRIGGER USER");
        await connection.ExecuteAsync("VACUUM ANALYZE", commandTimeout: 0);
        return userIds;
    }
}
