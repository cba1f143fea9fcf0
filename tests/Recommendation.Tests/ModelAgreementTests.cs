using Dapper;
using NpgsqlTypes;
using SocialCommerce.Recommendation.Evaluation;
using SocialCommerce.Recommendation.Models;

namespace SocialCommerce.Recommendation.Tests;

/// <summary>
/// The offline evaluation scores the models in memory; the platform computes them in SQL. On one generated shop loaded into
/// PostgreSQL, the model job's trending and similar_items must equal what the evaluation computed, or the evaluation would
/// be scoring something the platform does not serve.
/// </summary>
public sealed class ModelAgreementTests
{
    [Test]
    public async Task ModelJob_GeneratedShop_SameTrendingAndSimilarItemsAsTheEvaluation()
    {
        await using var db = await RecommendationDatabase.CreateAsync();
        var shop = SyntheticShop.Generate(new ShopShape(Users: 400, Products: 400, Interactions: 6_000, Seed: 5));
        var sources = new EvaluatedSources(shop, shop.Signals, shop.End);
        var productIds = Enumerable.Range(0, shop.Shape.Products).Select(_ => Guid.CreateVersion7()).ToArray();
        var userIds = Enumerable.Range(0, shop.Shape.Users).Select(_ => Guid.CreateVersion7()).ToArray();
        await LoadAsync(db, shop, productIds, userIds);

        await db.Models.RunOnceAsync(shop.End);

        var trending = await db.TrendingScoresAsync();
        await using var connection = await db.DataSource.OpenConnectionAsync();
        var similar = (await connection.QueryAsync<(Guid ProductId, Guid SimilarId, double Score)>("SELECT product_id, similar_id, score FROM similar_items"))
            .ToLookup(row => row.ProductId, row => (row.SimilarId, row.Score));
        var index = productIds.Select((id, n) => (id, n)).ToDictionary(pair => pair.id, pair => pair.n);
        Assert.Multiple(() =>
        {
            Assert.That(trending, Has.Count.EqualTo(sources.Trending.Count));
            foreach (var scored in sources.Trending)
            {
                Assert.That(trending[productIds[scored.Product]], Is.EqualTo(scored.Score).Within(1e-6).Percent, $"trending of {scored.Product}");
            }

            for (var product = 0; product < shop.Shape.Products; product++)
            {
                var expected = sources.SimilarTo(product);
                var actual = similar[productIds[product]].OrderByDescending(row => row.Score).ToList();
                Assert.That(actual.Select(row => row.Score), Is.EqualTo(expected.Select(pair => pair.Score)).Within(1e-4).Percent, $"similar scores of {product}");
                // Products tied at the cut may be either; above it they are the same products.
                var cut = expected.Count == 0 ? 0 : expected[^1].Score * (1 + 1e-6);
                Assert.That(actual.Where(row => row.Score > cut).Select(row => index[row.SimilarId]),
                    Is.EquivalentTo(expected.Where(pair => pair.Score > cut).Select(pair => pair.Product)), $"similar items of {product}");
            }
        });
    }

    private static async Task LoadAsync(RecommendationDatabase db, ShopData shop, Guid[] productIds, Guid[] userIds)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO products (id, shop_id, category_id, title, min_price, currency, listed, listed_at, changed_at)
            SELECT id, gen_random_uuid(), category + 1, '好物', 1999, 'CNY', true, @at, @at FROM unnest(@productIds, @categories) AS p (id, category)
            """,
            new { productIds, categories = shop.CategoryOf, at = (shop.End - TimeSpan.FromDays(365)).UtcDateTime });
        await using var writer = await connection.BeginBinaryImportAsync("COPY interactions (user_id, product_id, kind, source, weight, at) FROM STDIN (FORMAT BINARY)");
        for (var n = 0; n < shop.Signals.Count; n++)
        {
            var signal = shop.Signals[n];
            await writer.WriteRowAsync(default, userIds[signal.User], productIds[signal.Product], signal.Kind, $"s{n}", signal.Weight, signal.At.UtcDateTime);
        }

        await writer.CompleteAsync();
    }
}
