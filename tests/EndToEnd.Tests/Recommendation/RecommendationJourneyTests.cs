using System.Net;
using System.Net.Http.Json;
using Dapper;
using Npgsql;
using SocialCommerce.ApiClient.Recommendation.Models;
using SocialCommerce.EndToEnd.Tests.Orders;
using static SocialCommerce.EndToEnd.Tests.Social.SocialClient;

namespace SocialCommerce.EndToEnd.Tests.Recommendation;

/// <summary>
/// Recommendations through the gateway (docs/recommendation.md): catalog's listings, order's payments, social's follows
/// and identity's consents reach the service over the broker, and the model job (every second in the test platform) turns
/// them into trending, similar items and the for-you blend.
/// </summary>
public sealed class RecommendationJourneyTests
{
    private static readonly TimeSpan Seconds = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Shopper_TrendingThenSimilarToPurchaseThenFriendsBought_WithdrawingConsentLeavesTrendingOnly()
    {
        var (shopper, _) = await NewPersonAsync("推荐新人");
        var (coBuyer, _) = await NewPersonAsync("一起买的人");
        var (friend, friendId) = await NewPersonAsync("会分享的朋友");
        var (bought, companion, friendsPick) = await ThreeProductsAsync();

        var first = await ForYouAsync(shopper);
        Assert.That(first.Items, Is.Not.Empty, "a new shopper sees trending or popular products");
        Assert.That(first.Items!.Select(item => item.Reason), Is.All.AnyOf("trending", "popular"));

        await ConsentAsync(shopper, socialProof: false, personalised: true);
        await Shop.PaidOrderAsync(coBuyer, (bought.Sku, 1), (companion.Sku, 1));
        await Shop.PaidOrderAsync(shopper, (bought.Sku, 1));
        var similar = await WaitForReasonAsync(shopper, companion.Product, "similar-to-purchase");
        Assert.That(similar.Items!.Select(item => item.ProductId), Has.None.EqualTo(bought.Product), "what she bought is not offered again");

        await ConsentAsync(friend, socialProof: true, personalised: false);
        await Shop.PaidOrderAsync(friend, (friendsPick.Sku, 1));
        Assert.That((await shopper.PutAsync($"/api/social/users/{friendId}/follow", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var withFriend = await WaitForReasonAsync(shopper, friendsPick.Product, "friends-bought");
        Assert.That(withFriend.Items![0].Reason, Is.EqualTo("friends-bought"), "friends' purchases lead the blend");

        await ConsentAsync(shopper, socialProof: false, personalised: false);
        var withdrawn = await Eventually.WaitForAsync(() => ForYouAsync(shopper),
            page => page.Items!.All(item => item.Reason is "trending" or "popular"), Seconds);
        Assert.That(withdrawn.Items!.Select(item => item.Reason), Is.All.AnyOf("trending", "popular"), "personalisation gone within seconds");
    }

    [Test]
    public async Task Similar_CoBoughtProduct_ListedWithReasonAndScore_TrendingLeadsTheTrendingList()
    {
        var (buyer, _) = await NewPersonAsync("买两样的人");
        var (first, second, _) = await ThreeProductsAsync();
        await Shop.PaidOrderAsync(buyer, (first.Sku, 1), (second.Sku, 1));
        using var anonymous = GatewayClient.Create();

        var similar = await Eventually.WaitForAsync(
            () => anonymous.Api().Recommendation.Products[first.Product].Similar.GetAsync(),
            list => list!.Items!.Any(item => item.ProductId == second.Product && item.Reason == "similar-to-purchase"), Seconds);
        var trending = await anonymous.Api().Recommendation.Trending.GetAsync(request => request.QueryParameters.Limit = 50);

        Assert.Multiple(() =>
        {
            var item = similar!.Items!.First(i => i.ProductId == second.Product);
            Assert.That(item.Reason, Is.EqualTo("similar-to-purchase"));
            Assert.That(item.Score, Is.GreaterThan(0));
            Assert.That(item.Title, Is.Not.Empty);
            Assert.That(item.Price!.Amount, Is.GreaterThan(0));
            Assert.That(item.ImageUrl, Does.StartWith("https://picsum.photos/seed/sc-demo-"), "catalog's first image, from ProductListed");
            Assert.That(similar.Items!.Select(i => i.ProductId), Has.None.EqualTo(first.Product));
            Assert.That(trending!.Items![0].Reason, Is.EqualTo("trending"), "something was bought: trending leads, popular fills");
            Assert.That(trending.Items!.Select(i => i.Reason), Is.All.AnyOf("trending", "popular"));
        });
    }

    [Test]
    public async Task ErasedUser_LeavesNoRowInRecommendation()
    {
        var (person, userId) = await NewPersonAsync("要被删除的人");
        var (_, otherId) = await NewPersonAsync("被关注的人");
        var (product, _, _) = await ThreeProductsAsync();
        await ConsentAsync(person, socialProof: true, personalised: true);
        await Shop.PaidOrderAsync(person, (product.Sku, 1));
        await person.PutAsync($"/api/social/users/{otherId}/follow", null);
        Assert.That((await person.PostAsJsonAsync("/api/recommendation/views", new { productIds = new[] { product.Product } })).StatusCode,
            Is.EqualTo(HttpStatusCode.Accepted));
        await Eventually.WaitForAsync(() => RowsNamingAsync(userId), rows => rows >= 4, Seconds);
        await Platform.Instance.RunRecommendationCommandAsync("train");
        Assert.That(await CountAsync("SELECT count(*) FROM user_candidates WHERE user_id = @userId", userId), Is.Positive,
            "the nightly taste model picked products for them");

        Assert.That((await person.DeleteAsync("/api/identity/me")).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));

        Assert.That(await Eventually.WaitForAsync(() => RowsNamingAsync(userId), rows => rows == 0, Seconds), Is.Zero);
    }

    [Test]
    public async Task AdminEvaluation_AfterTheEvaluateCommand_AdminSeesTheBlendAgainstPopularity_OthersRefused()
    {
        await Platform.Instance.RunRecommendationCommandAsync("evaluate", new Dictionary<string, string>
        {
            ["Evaluation__Users"] = "3000", ["Evaluation__Products"] = "1500", ["Evaluation__Interactions"] = "60000", ["Evaluation__Seed"] = "4",
        });
        using var admin = GatewayClient.Create((await GatewayClient.SignInAsync("13800000000", "Admin2026!demo")).AccessToken);
        var (shopper, _) = await NewPersonAsync("想看评估的人");
        using var anonymous = GatewayClient.Create();

        var evaluation = await admin.Api().Recommendation.Admin.Evaluation.GetAsync();
        var asShopper = await shopper.GetAsync("/api/recommendation/admin/evaluation");
        var asAnonymous = await anonymous.GetAsync("/api/recommendation/admin/evaluation");

        Assert.Multiple(() =>
        {
            Assert.That(evaluation!.At, Is.GreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5)), "the run just made");
            Assert.That(evaluation.DataSet!.Users, Is.EqualTo(3000));
            Assert.That(evaluation.Models!.Select(model => model.Model), Is.SupersetOf(new[] { "popularity", "co-occurrence", "als", "friends-bought", "blend" }));
            Assert.That(evaluation.RecallAt20, Is.EqualTo(evaluation.Models!.Single(model => model.Model == "blend").RecallAt20));
            Assert.That(evaluation.RecallAt20, Is.GreaterThan(evaluation.Baseline!.RecallAt20!.Value));
            Assert.That(evaluation.NdcgAt20, Is.GreaterThan(evaluation.Baseline.NdcgAt20!.Value));
            Assert.That(asShopper.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(asAnonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [Test]
    public async Task Metrics_AfterPagesAndModelRuns_ItemsByReasonModelAgesAndTheirLimits()
    {
        using var anonymous = GatewayClient.Create();
        Assert.That((await anonymous.GetAsync("/api/recommendation/for-you")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var scraper = new HttpClient();

        // The model job runs every second here; each run refreshes the ages the gauges report.
        var metrics = await Eventually.WaitForAsync(() => scraper.GetStringAsync($"{LocalPlatform.RecommendationUrl}/metrics"),
            text => text.Contains("socialcommerce_recommendation_model_age_seconds"), Seconds);

        Assert.Multiple(() =>
        {
            Assert.That(metrics, Does.Match("socialcommerce_recommendation_items_total\\{[^}]*endpoint=\"for-you\"[^}]*reason=\"(trending|popular)\""));
            Assert.That(metrics, Does.Match("socialcommerce_recommendation_model_age_seconds\\{[^}]*model=\"trending-similar\""));
            Assert.That(metrics, Does.Match("socialcommerce_recommendation_model_training_duration_seconds\\{[^}]*model=\"trending-similar\""));
            Assert.That(metrics, Does.Match("socialcommerce_recommendation_model_max_age_seconds\\{[^}]*model=\"taste\"[^}]*\\} 93600"));
        });
    }

    [Test]
    public async Task BadInput_ClearProblems_NothingRecorded()
    {
        var (person, userId) = await NewPersonAsync("乱填的人");
        using var anonymous = GatewayClient.Create();
        var (product, _, _) = await ThreeProductsAsync();

        await (await anonymous.GetAsync("/api/recommendation/trending?limit=0")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await anonymous.GetAsync("/api/recommendation/trending?limit=51")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await person.GetAsync("/api/recommendation/for-you?cursor=not-a-cursor")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await anonymous.GetAsync($"/api/recommendation/products/{Guid.NewGuid()}/similar")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await anonymous.GetAsync($"/api/recommendation/products/{product.Product}/similar?limit=100")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await person.PostAsJsonAsync("/api/recommendation/views", new { productIds = Array.Empty<Guid>() })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await person.PostAsJsonAsync("/api/recommendation/views", new { productIds = Enumerable.Range(0, 51).Select(_ => Guid.NewGuid()) }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await person.PostAsJsonAsync("/api/recommendation/views", new { productIds = new[] { product.Product, Guid.NewGuid() } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await anonymous.PostAsJsonAsync("/api/recommendation/views", new { productIds = new[] { product.Product } }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.That(await RowsNamingAsync(userId), Is.Zero, "no view of a rejected batch was kept");
    }

    private sealed record Listed(Guid Sku, Guid Product);

    private static int taken;

    /// <summary>
    /// Three products of 数码小站 that no other recommendation test used, one SKU each: the stock-counting journeys take
    /// 好物小店's SKUs (Shop.TakeSkusAsync) and the reviews 山野茶铺's, so buying here disturbs neither; campaign products
    /// are left out, as their SKUs are the campaign journeys'.
    /// </summary>
    private static async Task<(Listed, Listed, Listed)> ThreeProductsAsync()
    {
        await using var connection = new NpgsqlConnection(Platform.Instance.CatalogDatabase);
        var products = (await connection.QueryAsync<Listed>(
            """
            SELECT DISTINCT ON (p.id) s.id AS sku, p.id AS product
            FROM skus s JOIN products p ON p.id = s.product_id JOIN shops h ON h.id = p.shop_id
            WHERE p.status = 'listed' AND h.merchant_id = '0190a000-0000-7000-8000-000000000005' AND s.available >= 20
              AND NOT EXISTS (SELECT 1 FROM campaigns c JOIN skus cs ON cs.id = c.sku_id WHERE cs.product_id = p.id)
            ORDER BY p.id, s.id
            """)).ToList();
        var start = Interlocked.Add(ref taken, 3) - 3;
        Assert.That(products, Has.Count.GreaterThanOrEqualTo(start + 3), "数码小站 ran out of products for the recommendation journeys");
        return (products[start], products[start + 1], products[start + 2]);
    }

    private static async Task<RecommendationPage> ForYouAsync(HttpClient shopper) =>
        (await shopper.Api().Recommendation.ForYou.GetAsync(request => request.QueryParameters.Limit = 50))!;

    private static async Task<RecommendationPage> WaitForReasonAsync(HttpClient shopper, Guid productId, string reason)
    {
        var page = await Eventually.WaitForAsync(() => ForYouAsync(shopper),
            page => page.Items!.Any(item => item.ProductId == productId && item.Reason == reason), Seconds);
        Assert.That(page.Items!.Where(item => item.ProductId == productId).Select(item => item.Reason), Is.EqualTo(new[] { reason }), $"{productId} as {reason}");
        return page;
    }

    private static async Task ConsentAsync(HttpClient person, bool socialProof, bool personalised)
    {
        var response = await person.PutAsJsonAsync("/api/identity/me/consents",
            new { socialProof, personalisedRecommendations = personalised, marketing = false });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    private static Task<long> RowsNamingAsync(Guid userId) => CountAsync(
        """
        SELECT (SELECT count(*) FROM interactions WHERE user_id = @userId)
             + (SELECT count(*) FROM follows WHERE follower_id = @userId OR target_id = @userId)
             + (SELECT count(*) FROM consents WHERE user_id = @userId)
             + (SELECT count(*) FROM user_candidates WHERE user_id = @userId)
        """, userId);

    private static async Task<long> CountAsync(string sql, Guid userId)
    {
        await using var connection = new NpgsqlConnection(Platform.Instance.RecommendationDatabase);
        return await connection.ExecuteScalarAsync<long>(sql, new { userId });
    }
}
