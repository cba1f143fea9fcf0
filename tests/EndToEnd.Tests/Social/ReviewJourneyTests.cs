using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SocialCommerce.EndToEnd.Tests.Orders;
using static SocialCommerce.EndToEnd.Tests.Social.SocialClient;

namespace SocialCommerce.EndToEnd.Tests.Social;

/// <summary>
/// Verified-purchase reviews through the gateway: social asks order over gRPC whether the caller received the product,
/// moderation publishes or holds the review over the broker, and the product's summary follows.
/// </summary>
public sealed class ReviewJourneyTests
{
    private const string Photo = "https://img.example.com/reviews/tea.jpg";
    private static readonly TimeSpan Seconds = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Review_DeliveredOrder_PublishedVerifiedThenFollowUp_StrangerForbidden_SummaryMatches()
    {
        var sku = (await Shop.TakeSkusAsync(1))[0];
        var productId = await Shop.ProductOfAsync(sku.Id);
        using var shopper = await Shop.NewShopperAsync();
        using var merchant = await Shop.MerchantAsync();
        var (stranger, _) = await NewPersonAsync("路人");
        using var _stranger = stranger;
        var orderId = await AfterSalesJourneyTests.DeliveredOrderAsync(shopper, merchant, (sku.Id, 1));

        var created = await ReviewAsync(shopper, productId, orderId, 4, "茶汤清亮，回甘明显，包装也很用心。", Photo);
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var accepted = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(accepted.GetProperty("status").GetString(), Is.EqualTo("pending"));
        var reviewId = accepted.GetProperty("reviewId").GetGuid();

        var published = await WaitForReviewAsync(productId, reviewId, _ => true);
        Assert.Multiple(() =>
        {
            Assert.That(published.GetProperty("verifiedPurchase").GetBoolean(), Is.True);
            Assert.That(published.GetProperty("rating").GetInt32(), Is.EqualTo(4));
            Assert.That(published.GetProperty("imageUrls")[0].GetString(), Is.EqualTo(Photo));
            Assert.That(published.GetProperty("author").GetProperty("nickname").GetString(), Does.Contain("***"), "masked");
            Assert.That(published.GetProperty("refunded").GetBoolean(), Is.False);
        });

        var followUp = await shopper.PostAsJsonAsync($"/api/social/reviews/{reviewId}/follow-ups", new { text = "喝了两周，依然很喜欢。", imageUrls = Array.Empty<string>() });
        Assert.That(followUp.StatusCode, Is.EqualTo(HttpStatusCode.Created), await followUp.Content.ReadAsStringAsync());
        var withFollowUp = await WaitForReviewAsync(productId, reviewId, review => review.GetProperty("followUp").ValueKind == JsonValueKind.Object);
        Assert.That(withFollowUp.GetProperty("followUp").GetProperty("text").GetString(), Is.EqualTo("喝了两周，依然很喜欢。"));
        await (await shopper.PostAsJsonAsync($"/api/social/reviews/{reviewId}/follow-ups", new { text = "再追一次" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await stranger.PostAsJsonAsync($"/api/social/reviews/{reviewId}/follow-ups", new { text = "不是我的" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);

        await (await ReviewAsync(stranger, productId, orderId, 5, "没买也想评")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await ReviewAsync(shopper, productId, orderId, 5, "再评一次")).AssertProblemAsync(HttpStatusCode.Conflict);

        // Other journeys may review another SKU of the same product meanwhile: a page and its summary agree once quiet.
        var page = await Eventually.WaitForAsync(() => AnonymousAsync<JsonElement>($"/api/social/products/{productId}/reviews?limit=50"),
            answer => SummaryMatches(answer), Seconds);
        var ratings = page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("rating").GetInt32()).ToList();
        var summary = page.GetProperty("summary");
        Assert.Multiple(() =>
        {
            Assert.That(summary.GetProperty("count").GetInt32(), Is.EqualTo(ratings.Count));
            Assert.That(summary.GetProperty("average").GetDouble(), Is.EqualTo(Math.Round(ratings.Average(), 1)));
            foreach (var stars in Enumerable.Range(1, 5))
            {
                Assert.That(summary.GetProperty("histogram").GetProperty($"{stars}").GetInt32(), Is.EqualTo(ratings.Count(r => r == stars)), $"{stars} stars");
            }
        });
    }

    private static bool SummaryMatches(JsonElement page)
    {
        var ratings = page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("rating").GetInt32()).ToList();
        var histogram = page.GetProperty("summary").GetProperty("histogram");
        return page.GetProperty("summary").GetProperty("count").GetInt32() == ratings.Count
            && Enumerable.Range(1, 5).All(stars => histogram.GetProperty($"{stars}").GetInt32() == ratings.Count(r => r == stars));
    }

    [Test]
    public async Task Review_BadInputAndUndelivered_ProblemsAndNothingWritten()
    {
        var sku = (await Shop.TakeSkusAsync(1))[0];
        var productId = await Shop.ProductOfAsync(sku.Id);
        using var shopper = await Shop.NewShopperAsync();
        var paidOnly = await Shop.PaidOrderAsync(shopper, (sku.Id, 1));

        foreach (var rating in new[] { 0, 6 })
        {
            var problem = await (await ReviewAsync(shopper, productId, paidOnly, rating, "评分越界")).AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.That(problem.GetProperty("errors").TryGetProperty("rating", out _), Is.True, problem.ToString());
        }
        await (await ReviewAsync(shopper, productId, paidOnly, 5, "")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await shopper.PostAsJsonAsync($"/api/social/products/{productId}/reviews",
            new { orderId = paidOnly, rating = 5, text = "十张图", imageUrls = Enumerable.Repeat(Photo, 10) })).AssertProblemAsync(HttpStatusCode.BadRequest);
        var undelivered = await (await ReviewAsync(shopper, productId, paidOnly, 5, "还没收到")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.That(undelivered.GetProperty("code").GetString(), Is.EqualTo("not-delivered"));
        await (await ReviewAsync(shopper, Guid.CreateVersion7(), paidOnly, 5, "订单里没有这个商品")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await shopper.PostAsJsonAsync($"/api/social/reviews/{Guid.CreateVersion7()}/follow-ups", new { text = "无此评价" }))
            .AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.That(await SocialScalarAsync<long>("SELECT count(*) FROM reviews WHERE order_id = @paidOnly", new { paidOnly }), Is.Zero);
    }

    [Test]
    public async Task Review_FiftyConcurrentOfOneOrderLine_OneReviewOneEvent()
    {
        var sku = (await Shop.TakeSkusAsync(1))[0];
        var productId = await Shop.ProductOfAsync(sku.Id);
        using var shopper = await Shop.NewShopperAsync();
        using var merchant = await Shop.MerchantAsync();
        var orderId = await AfterSalesJourneyTests.DeliveredOrderAsync(shopper, merchant, (sku.Id, 2));

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => ReviewAsync(shopper, productId, orderId, 5, $"第 {i} 次提交")));

        Assert.Multiple(async () =>
        {
            Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.Created), Is.EqualTo(1));
            Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.Conflict), Is.EqualTo(49), string.Join(",", answers.Select(a => (int)a.StatusCode)));
            Assert.That(await SocialScalarAsync<long>("SELECT count(*) FROM reviews WHERE order_id = @orderId", new { orderId }), Is.EqualTo(1));
            Assert.That(await SocialScalarAsync<long>(
                """
                SELECT count(*) FROM outbox_messages WHERE message_type LIKE 'SocialCommerce.Contracts.Events.Social.ReviewCreated,%'
                  AND body->>'authorId' = (SELECT author_id::text FROM reviews WHERE order_id = @orderId)
                """,
                new { orderId }), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Review_TenAccountsSameTemplatedFiveStarText_AllHeldForModerators()
    {
        var sku = (await Shop.TakeSkusAsync(1, minAvailable: 30))[0];
        var productId = await Shop.ProductOfAsync(sku.Id);
        using var merchant = await Shop.MerchantAsync();
        var shoppers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Shop.NewShopperAsync()));
        var orders = await Task.WhenAll(shoppers.Select(shopper => AfterSalesJourneyTests.DeliveredOrderAsync(shopper, merchant, (sku.Id, 1))));

        var reviewIds = new List<Guid>();
        for (var i = 0; i < shoppers.Length; i++)
        {
            // The same praise, lightly varied, as a paid-review campaign writes it.
            var text = $"宝贝非常好，质量超级棒，物流很快，卖家服务态度好，五星好评！强烈推荐购买{(i % 2 == 0 ? "！" : "。")}";
            var created = await ReviewAsync(shoppers[i], productId, orders[i], 5, text);
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
            reviewIds.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reviewId").GetGuid());
        }

        var held = await Eventually.WaitForAsync(
            () => SocialScalarAsync<long>(
                """
                SELECT count(*) FROM reviews WHERE id = ANY(@ids) AND status = 'pending' AND case_id IS NOT NULL
                  AND EXISTS (SELECT 1 FROM unnest(reasons) AS reason WHERE reason LIKE '%near-duplicate%')
                """,
                new { ids = reviewIds.ToArray() }),
            count => count == reviewIds.Count, Seconds);
        Assert.That(held, Is.EqualTo(reviewIds.Count), "every review of the cluster waits for a moderator, the first ones included");
        var page = await AnonymousAsync<JsonElement>($"/api/social/products/{productId}/reviews?limit=50");
        Assert.That(page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("reviewId").GetGuid()), Has.None.AnyOf(reviewIds));
        foreach (var shopper in shoppers) shopper.Dispose();
    }

    [Test]
    public async Task Review_OrderFullyRefundedAfterwards_ReviewKeptAndMarkedRefunded()
    {
        var sku = (await Shop.TakeSkusAsync(1))[0];
        var productId = await Shop.ProductOfAsync(sku.Id);
        using var shopper = await Shop.NewShopperAsync();
        using var merchant = await Shop.MerchantAsync();
        var orderId = await AfterSalesJourneyTests.DeliveredOrderAsync(shopper, merchant, (sku.Id, 1));
        var created = await ReviewAsync(shopper, productId, orderId, 2, "味道和描述不太一样，申请了退款。");
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var reviewId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reviewId").GetGuid();
        await WaitForReviewAsync(productId, reviewId, _ => true);

        var requested = await shopper.PostAsJsonAsync($"/api/order/orders/{orderId}/refund-requests", new { reason = "与描述不符" });
        Assert.That(requested.StatusCode, Is.EqualTo(HttpStatusCode.Created), await requested.Content.ReadAsStringAsync());
        var requestId = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refundRequestId").GetGuid();
        var approved = await merchant.PostAsJsonAsync($"/api/seller/refund-requests/{requestId}/approve", new { note = "同意" });
        Assert.That(approved.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await approved.Content.ReadAsStringAsync());
        await Shop.WaitForStatusAsync(shopper, orderId, "refunded");

        var marked = await WaitForReviewAsync(productId, reviewId, review => review.GetProperty("refunded").GetBoolean());
        var summary = (await AnonymousAsync<JsonElement>($"/api/social/products/{productId}/reviews?limit=50")).GetProperty("summary");
        Assert.Multiple(() =>
        {
            Assert.That(marked.GetProperty("verifiedPurchase").GetBoolean(), Is.True, "still a buyer's review");
            Assert.That(summary.GetProperty("refunded").GetInt32(), Is.GreaterThanOrEqualTo(1));
        });
    }

    [Test]
    public async Task Review_AuthorErasesTheAccount_ReviewFollowUpAndCountGone()
    {
        var sku = (await Shop.TakeSkusAsync(1))[0];
        var productId = await Shop.ProductOfAsync(sku.Id);
        using var shopper = await Shop.NewShopperAsync();
        using var merchant = await Shop.MerchantAsync();
        var orderId = await AfterSalesJourneyTests.DeliveredOrderAsync(shopper, merchant, (sku.Id, 1));
        var created = await ReviewAsync(shopper, productId, orderId, 1, "收到的和图片完全不一样，失望。");
        var reviewId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reviewId").GetGuid();
        await WaitForReviewAsync(productId, reviewId, _ => true);
        Assert.That((await shopper.PostAsJsonAsync($"/api/social/reviews/{reviewId}/follow-ups", new { text = "补充：客服也没回复。" })).StatusCode,
            Is.EqualTo(HttpStatusCode.Created));
        var authorId = await SocialScalarAsync<Guid>("SELECT author_id FROM reviews WHERE id = @reviewId", new { reviewId });

        Assert.That((await shopper.DeleteAsync("/api/identity/me")).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));

        var left = await Eventually.WaitForAsync(
            () => SocialScalarAsync<long>(
                """
                SELECT (SELECT count(*) FROM reviews WHERE author_id = @authorId)
                     + (SELECT count(*) FROM review_follow_ups WHERE review_id = @reviewId)
                     + (SELECT count(*) FROM refunded_purchases WHERE user_id = @authorId)
                """,
                new { authorId, reviewId }),
            count => count == 0, Seconds);
        Assert.That(left, Is.Zero, "nothing of the erased reviewer is kept");
        var page = await Eventually.WaitForAsync(() => AnonymousAsync<JsonElement>($"/api/social/products/{productId}/reviews?limit=50"),
            answer => SummaryMatches(answer), Seconds);
        Assert.That(page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("reviewId").GetGuid()), Does.Not.Contain(reviewId));
    }

    internal static Task<HttpResponseMessage> ReviewAsync(HttpClient shopper, Guid productId, Guid orderId, int rating, string text, params string[] photos) =>
        shopper.PostAsJsonAsync($"/api/social/products/{productId}/reviews", new { orderId, rating, text, imageUrls = photos });

    internal static Task<JsonElement> WaitForReviewAsync(Guid productId, Guid reviewId, Func<JsonElement, bool> done) =>
        Eventually.WaitForAsync(async () =>
            {
                var page = await AnonymousAsync<JsonElement>($"/api/social/products/{productId}/reviews?limit=50");
                return page.GetProperty("items").EnumerateArray().FirstOrDefault(item => item.GetProperty("reviewId").GetGuid() == reviewId);
            },
            review => review.ValueKind == JsonValueKind.Object && done(review), Seconds);

    private static async Task<T> AnonymousAsync<T>(string path)
    {
        using var anonymous = GatewayClient.Create();
        return (await anonymous.GetFromJsonAsync<T>(path))!;
    }
}
