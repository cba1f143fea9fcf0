using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DecisionRequest = SocialCommerce.ApiClient.Moderation.Models.DecisionRequest;
using SocialCommerce.ApiClient.Social.Models;
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

        await a.Api().Social.Users[bId].Follow.PutAsync();
        await a.Api().Social.Users[bId].Follow.PutAsync(); // idempotent: no problem, still one follow
        var profile = (await a.Api().Social.Users[bId].GetAsync())!;

        // B posts: pending for B, invisible to A and in nobody's feed until moderation approves it.
        var postId = await PostAsync(b, "入手了这款，包装很用心，味道也不错。", productId);
        var asAuthor = (await b.Api().Social.Posts[postId].GetAsync())!;
        var published = (await WaitForPostAsync(a, postId, post => post.Status == "published"))!;
        var inFeed = (await FeedItemsAsync(a)).Single(item => item.PostId == postId);

        Assert.Multiple(() =>
        {
            Assert.That(profile.Nickname, Is.EqualTo("小乙"));
            Assert.That(profile.Followers, Is.EqualTo(1));
            Assert.That(profile.FollowedByMe, Is.True);
            Assert.That(asAuthor.Status, Is.AnyOf("pending", "published"));
            Assert.That(published.Author!.Nickname, Is.EqualTo("小乙"));
            Assert.That(inFeed.Products![0].Title, Is.EqualTo(title));
            Assert.That(inFeed.Products[0].Available, Is.True);
            Assert.That(inFeed.ImageUrls![0], Is.EqualTo("https://img.example.com/a.jpg"));
        });

        // Contact details wait for a moderator; absolute terms are a shopper's own opinion in a post (moderation's rules).
        var held = await PostAsync(b, "想要团购的加微信 abc12345 私聊");
        var opinion = await PostAsync(b, "这个价格真是全网最低价了，推荐！", productId);
        var heldView = (await WaitForPostAsync(b, held, post => post.ModerationCaseId is not null))!;
        await WaitForPostAsync(a, opinion, post => post.Status == "published");
        var hiddenFromA = await FindPostAsync(a, held);
        var feedWhileHeld = await FeedAsync(a);
        using var moderator = GatewayClient.Create((await GatewayClient.SignInAsync("13800000005", "Moderator2026!demo")).AccessToken);
        var caseId = heldView.ModerationCaseId!.Value;
        await moderator.Api().Moderation.Cases[caseId].Claim.PostAsync();
        await moderator.Api().Moderation.Cases[caseId].Decision.PostAsync(new DecisionRequest { Outcome = "reject", Reason = "站外引流" });
        var rejected = (await WaitForPostAsync(b, held, post => post.Status == "rejected"))!;

        Assert.Multiple(() =>
        {
            Assert.That(heldView.Status, Is.EqualTo("pending"));
            Assert.That(heldView.ModerationReasons, Has.Some.Contains("(contact)"));
            Assert.That(hiddenFromA, Is.Null, "a held post is 404 to others");
            Assert.That(feedWhileHeld, Does.Contain(opinion).And.Not.Contain(held));
            Assert.That(rejected.ModerationReasons, Is.EqualTo(new[] { "站外引流" }));
        });

        // A likes (twice: one like) and comments; B replies; the thread reads the same to anyone.
        await a.Api().Social.Posts[postId].Like.PutAsync();
        await a.Api().Social.Posts[postId].Like.PutAsync();
        var comment = (await a.Api().Social.Posts[postId].Comments.PostAsync(new CommentRequest { Text = "看起来很好喝！" }))!;
        await WaitForCommentsAsync(anonymous, postId, items => items.Count == 1);
        await b.Api().Social.Posts[postId].Comments.PostAsync(new CommentRequest { Text = "谢谢，回购好几次了", ReplyTo = comment.CommentId });
        var thread = await WaitForCommentsAsync(anonymous, postId, items => items.Count == 1 && items[0].Replies!.Count == 1);
        var liked = (await WaitForPostAsync(a, postId, post => post.Comments == 2))!;

        Assert.Multiple(() =>
        {
            Assert.That(liked.Likes, Is.EqualTo(1));
            Assert.That(liked.LikedByMe, Is.True);
            Assert.That(thread[0].Author!.Nickname, Is.EqualTo("阿甲"));
            Assert.That(thread[0].Replies![0].Text, Is.EqualTo("谢谢，回购好几次了"));
        });

        // A unfollows B: B's posts leave A's feed at once.
        await a.Api().Social.Users[bId].Follow.DeleteAsync();
        Assert.That(await FeedAsync(a), Does.Not.Contain(postId).And.Not.Contain(opinion));

        // B erases the account: B's posts and reply are gone everywhere; A's own comment stays.
        await a.Api().Social.Users[bId].Follow.PutAsync();
        await b.Api().Identity.Me.DeleteAsync();
        var gone = await Eventually.WaitForAsync(() => FindPostAsync(anonymous, postId), post => post is null, TimeSpan.FromSeconds(30));
        var erasedProfile = Assert.ThrowsAsync<Problem>(() => anonymous.Api().Social.Users[bId].GetAsync());
        Assert.Multiple(async () =>
        {
            Assert.That(gone, Is.Null);
            Assert.That(await FeedAsync(a), Is.Empty);
            Assert.That(await SocialScalarAsync<long>(
                "SELECT (SELECT count(*) FROM posts WHERE author_id = @bId) + (SELECT count(*) FROM comments WHERE author_id = @bId) "
                + "+ (SELECT count(*) FROM follows WHERE follower_id = @bId OR target_id = @bId)", new { bId }), Is.Zero);
            Assert.That(erasedProfile!.ResponseStatusCode, Is.EqualTo((int)HttpStatusCode.NotFound));
            Assert.That((await a.Api().Social.Users[aId].GetAsync())!.Following, Is.Zero);
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

        await shopper.Api().Social.Shops[shopId].Follow.PutAsync();
        var unknownShop = Assert.ThrowsAsync<Problem>(() => shopper.Api().Social.Shops[Guid.CreateVersion7()].Follow.PutAsync());
        Assert.That((await seller.PostAsync($"/api/seller/products/{productId}/submit", null)).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var items = await Eventually.WaitForAsync(() => FeedItemsAsync(shopper),
            feed => feed.Any(item => item.Products!.Any(p => p.ProductId == productId)), TimeSpan.FromSeconds(30));
        var shopPost = items.Single(item => item.Products!.Any(p => p.ProductId == productId));

        Assert.Multiple(() =>
        {
            Assert.That(unknownShop!.ResponseStatusCode, Is.EqualTo((int)HttpStatusCode.NotFound));
            Assert.That(unknownShop.Type, Does.EndWith("not-found"));
            Assert.That(shopPost.Author!.Kind, Is.EqualTo("shop"));
            Assert.That(shopPost.Author.Id, Is.EqualTo(shopId));
            Assert.That(shopPost.Author.Nickname, Is.EqualTo("云雾茶舍"));
            Assert.That(shopPost.Text, Does.Contain(word));
        });

        // Delisted: the post stays, the product shows as unavailable.
        Assert.That((await seller.PostAsync($"/api/seller/products/{productId}/delist", null)).IsSuccessStatusCode, Is.True);
        var after = await WaitForPostAsync(shopper, shopPost.PostId!.Value, post => post.Products![0].Available == false);
        Assert.That(after!.Products![0].ProductId, Is.EqualTo(productId));
        Assert.That(after.Products[0].Available, Is.False);
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

    private static Task<List<CommentView>> WaitForCommentsAsync(HttpClient reader, Guid postId, Func<List<CommentView>, bool> done) =>
        Eventually.WaitForAsync(async () => (await reader.Api().Social.Posts[postId].Comments.GetAsync())!.Items!, done, TimeSpan.FromSeconds(30));
}
