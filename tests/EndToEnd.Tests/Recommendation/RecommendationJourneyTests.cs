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

        Assert.That((await person.DeleteAsync("/api/identity/me")).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));

        Assert.That(await Eventually.WaitForAsync(() => RowsNamingAsync(userId), rows => rows == 0, Seconds), Is.Zero);
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

    private static async Task<long> RowsNamingAsync(Guid userId)
    {
        await using var connection = new NpgsqlConnection(Platform.Instance.RecommendationDatabase);
        return await connection.ExecuteScalarAsync<long>(
            """
            SELECT (SELECT count(*) FROM interactions WHERE user_id = @userId)
                 + (SELECT count(*) FROM follows WHERE follower_id = @userId OR target_id = @userId)
                 + (SELECT count(*) FROM consents WHERE user_id = @userId)
            """,
            new { userId });
    }
}
