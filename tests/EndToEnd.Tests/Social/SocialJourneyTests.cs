using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static SocialCommerce.EndToEnd.Tests.Social.SocialClient;

namespace SocialCommerce.EndToEnd.Tests.Social;

/// <summary>
/// Step [8] through the gateway: follows, posts through moderation into feeds, likes and comments, a shop's new listing
/// in its followers' feeds, unfollow, and an erased author's content gone everywhere.
/// </summary>
public sealed class SocialJourneyTests
{
    [Test]
    public async Task Journey_FollowPostModerateLikeCommentUnfollowErase()
    {
        var (a, aId) = await NewPersonAsync("阿甲");
        var (b, bId) = await NewPersonAsync("小乙");
        using var anonymous = GatewayClient.Create();
        var (productId, title) = await ListedProductAsync();

        Assert.That((await a.PutAsync($"/api/social/users/{bId}/follow", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await a.PutAsync($"/api/social/users/{bId}/follow", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent), "idempotent");
        var profile = await a.GetFromJsonAsync<JsonElement>($"/api/social/users/{bId}");

        // B posts: pending for B, invisible to A and in nobody's feed until moderation approves it.
        var postId = await PostAsync(b, "入手了这款，包装很用心，味道也不错。", productId);
        var asAuthor = await b.GetFromJsonAsync<JsonElement>($"/api/social/posts/{postId}");
        var published = await WaitForPostAsync(a, postId, post => post.GetProperty("status").GetString() == "published");
        var feed = await FeedItemsAsync(a);
        var inFeed = feed.EnumerateArray().Single(item => item.GetProperty("postId").GetGuid() == postId);

        Assert.Multiple(() =>
        {
            Assert.That(profile.GetProperty("nickname").GetString(), Is.EqualTo("小乙"));
            Assert.That(profile.GetProperty("followers").GetInt64(), Is.EqualTo(1));
            Assert.That(profile.GetProperty("followedByMe").GetBoolean(), Is.True);
            Assert.That(asAuthor.GetProperty("status").GetString(), Is.AnyOf("pending", "published"));
            Assert.That(published.GetProperty("author").GetProperty("nickname").GetString(), Is.EqualTo("小乙"));
            Assert.That(inFeed.GetProperty("products")[0].GetProperty("title").GetString(), Is.EqualTo(title));
            Assert.That(inFeed.GetProperty("products")[0].GetProperty("available").GetBoolean(), Is.True);
            Assert.That(inFeed.GetProperty("imageUrls")[0].GetString(), Is.EqualTo("https://img.example.com/a.jpg"));
        });

        // Contact details wait for a moderator; absolute terms are a shopper's own opinion in a post (moderation's rules).
        var held = await PostAsync(b, "想要团购的加微信 abc12345 私聊");
        var opinion = await PostAsync(b, "这个价格真是全网最低价了，推荐！", productId);
        var heldView = await WaitForPostAsync(b, held, post => post.GetProperty("moderationCaseId").ValueKind == JsonValueKind.String);
        await WaitForPostAsync(a, opinion, post => post.GetProperty("status").GetString() == "published");
        var hiddenFromA = await a.GetAsync($"/api/social/posts/{held}");
        var feedWhileHeld = await FeedAsync(a);
        using var moderator = GatewayClient.Create((await GatewayClient.SignInAsync("13800000005", "Moderator2026!demo")).AccessToken);
        var caseId = heldView.GetProperty("moderationCaseId").GetGuid();
        Assert.That((await moderator.PostAsync($"/api/moderation/cases/{caseId}/claim", null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await moderator.PostAsJsonAsync($"/api/moderation/cases/{caseId}/decision", new { outcome = "reject", reason = "站外引流" })).StatusCode,
            Is.EqualTo(HttpStatusCode.OK));
        var rejected = await WaitForPostAsync(b, held, post => post.GetProperty("status").GetString() == "rejected");

        Assert.Multiple(() =>
        {
            Assert.That(heldView.GetProperty("status").GetString(), Is.EqualTo("pending"));
            Assert.That(heldView.GetProperty("moderationReasons").EnumerateArray().Select(r => r.GetString()), Has.Some.Contains("(contact)"));
            Assert.That(hiddenFromA.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(feedWhileHeld, Does.Contain(opinion).And.Not.Contain(held));
            Assert.That(rejected.GetProperty("moderationReasons").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { "站外引流" }));
        });

        // A likes (twice: one like) and comments; B replies; the thread reads the same to anyone.
        Assert.That((await a.PutAsync($"/api/social/posts/{postId}/like", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await a.PutAsync($"/api/social/posts/{postId}/like", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var comment = await a.PostAsJsonAsync($"/api/social/posts/{postId}/comments", new { text = "看起来很好喝！" });
        Assert.That(comment.StatusCode, Is.EqualTo(HttpStatusCode.Created), await comment.Content.ReadAsStringAsync());
        var commentId = (await comment.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("commentId").GetGuid();
        await WaitForCommentsAsync(anonymous, postId, items => items.GetArrayLength() == 1);
        var reply = await b.PostAsJsonAsync($"/api/social/posts/{postId}/comments", new { text = "谢谢，回购好几次了", replyTo = commentId });
        Assert.That(reply.StatusCode, Is.EqualTo(HttpStatusCode.Created), await reply.Content.ReadAsStringAsync());
        var thread = await WaitForCommentsAsync(anonymous, postId, items => items.GetArrayLength() == 1 && items[0].GetProperty("replies").GetArrayLength() == 1);
        var liked = await WaitForPostAsync(a, postId, post => post.GetProperty("comments").GetInt64() == 2);

        Assert.Multiple(() =>
        {
            Assert.That(liked.GetProperty("likes").GetInt64(), Is.EqualTo(1));
            Assert.That(liked.GetProperty("likedByMe").GetBoolean(), Is.True);
            Assert.That(thread[0].GetProperty("author").GetProperty("nickname").GetString(), Is.EqualTo("阿甲"));
            Assert.That(thread[0].GetProperty("replies")[0].GetProperty("text").GetString(), Is.EqualTo("谢谢，回购好几次了"));
        });

        // A unfollows B: B's posts leave A's feed at once.
        Assert.That((await a.DeleteAsync($"/api/social/users/{bId}/follow")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await FeedAsync(a), Does.Not.Contain(postId).And.Not.Contain(opinion));

        // B erases the account: B's posts and reply are gone everywhere; A's own comment stays.
        Assert.That((await a.PutAsync($"/api/social/users/{bId}/follow", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await b.DeleteAsync("/api/identity/me")).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var gone = await Eventually.WaitForAsync(() => anonymous.GetAsync($"/api/social/posts/{postId}"),
            response => response.StatusCode == HttpStatusCode.NotFound, TimeSpan.FromSeconds(30));
        Assert.Multiple(async () =>
        {
            Assert.That(gone.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await FeedAsync(a), Is.Empty);
            Assert.That(await SocialScalarAsync<long>(
                "SELECT (SELECT count(*) FROM posts WHERE author_id = @bId) + (SELECT count(*) FROM comments WHERE author_id = @bId) "
                + "+ (SELECT count(*) FROM follows WHERE follower_id = @bId OR target_id = @bId)", new { bId }), Is.Zero);
            Assert.That((await anonymous.GetAsync($"/api/social/users/{bId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await a.GetFromJsonAsync<JsonElement>($"/api/social/users/{aId}")).GetProperty("following").GetInt64(), Is.Zero);
        });
    }

    [Test]
    public async Task Journey_FollowShop_NewListingArrivesInFeedAsShopPost()
    {
        var (shopper, _) = await NewPersonAsync("逛店的人");
        var merchant = await CatalogJourneyTests.NewApprovedMerchantAsync();
        using var seller = GatewayClient.Create(merchant.AccessToken);
        var word = $"茶具{Random.Shared.Next(1000, 9999)}";
        var created = await Eventually.WaitForAsync(
            () => seller.PostAsJsonAsync("/api/seller/products", CatalogJourneyTests.NewProduct($"手工{word} 青瓷盖碗")),
            response => response.StatusCode != HttpStatusCode.Conflict, TimeSpan.FromSeconds(30));
        var product = await created.Content.ReadFromJsonAsync<JsonElement>();
        var (productId, shopId) = (product.GetProperty("productId").GetGuid(), product.GetProperty("shopId").GetGuid());

        var follow = await shopper.PutAsync($"/api/social/shops/{shopId}/follow", null);
        var unknownShop = await shopper.PutAsync($"/api/social/shops/{Guid.CreateVersion7()}/follow", null);
        Assert.That((await seller.PostAsync($"/api/seller/products/{productId}/submit", null)).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var items = await Eventually.WaitForAsync(() => FeedItemsAsync(shopper),
            feed => feed.EnumerateArray().Any(item => item.GetProperty("products").EnumerateArray().Any(p => p.GetProperty("productId").GetGuid() == productId)),
            TimeSpan.FromSeconds(30));
        var shopPost = items.EnumerateArray().Single(item => item.GetProperty("products").EnumerateArray().Any(p => p.GetProperty("productId").GetGuid() == productId));

        Assert.Multiple(async () =>
        {
            Assert.That(follow.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            await unknownShop.AssertProblemAsync(HttpStatusCode.NotFound);
            Assert.That(shopPost.GetProperty("author").GetProperty("kind").GetString(), Is.EqualTo("shop"));
            Assert.That(shopPost.GetProperty("author").GetProperty("id").GetGuid(), Is.EqualTo(shopId));
            Assert.That(shopPost.GetProperty("author").GetProperty("nickname").GetString(), Is.EqualTo("云雾茶舍"));
            Assert.That(shopPost.GetProperty("text").GetString(), Does.Contain(word));
        });

        // Delisted: the post stays, the product shows as unavailable.
        Assert.That((await seller.PostAsync($"/api/seller/products/{productId}/delist", null)).IsSuccessStatusCode, Is.True);
        var postId = shopPost.GetProperty("postId").GetGuid();
        var after = await WaitForPostAsync(shopper, postId, post => !post.GetProperty("products")[0].GetProperty("available").GetBoolean());
        Assert.That(after.GetProperty("products")[0].GetProperty("productId").GetGuid(), Is.EqualTo(productId));
    }

    [Test]
    public async Task OpenApi_Social_ServedThroughGatewayWithTheApiPaths()
    {
        using var anonymous = GatewayClient.Create();

        var document = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/social.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.That(paths, Is.SupersetOf(new[]
        {
            "/api/social/feed", "/api/social/posts", "/api/social/posts/{postId}", "/api/social/posts/{postId}/comments",
            "/api/social/users/{userId}/follow", "/api/social/shops/{shopId}/follow", "/api/social/users/{userId}/followers",
            "/api/social/me/favourites",
        }));
    }

    private static Task<JsonElement> WaitForCommentsAsync(HttpClient reader, Guid postId, Func<JsonElement, bool> done) =>
        Eventually.WaitForAsync(async () => (await reader.GetFromJsonAsync<JsonElement>($"/api/social/posts/{postId}/comments")).GetProperty("items"),
            done, TimeSpan.FromSeconds(30));
}
