using SocialCommerce.Social.Posts;

namespace SocialCommerce.Social.Tests;

/// <summary>Moderation's decisions on posts: publication, fan-out or pull, edits, overturned approvals and deletes.</summary>
[TestFixture]
public sealed class PublicationTests
{
    private SocialDatabase db = null!;

    [OneTimeSetUp]
    public void CreateDatabase() => db = SocialDatabase.Create(fanOutLimit: 3);

    private async Task<Guid[]> FollowersAsync(Guid author, int count)
    {
        var followers = Enumerable.Range(0, count).Select(_ => Guid.CreateVersion7()).ToArray();
        foreach (var follower in followers) await db.Follows.FollowAsync(follower, author, "user");
        return followers;
    }

    private Task<long> FeedRowsAsync(Guid postId) => db.ScalarAsync<long>("SELECT count(*) FROM feed_entries WHERE post_id = @postId", new { postId });

    [Test]
    public async Task ApproveAsync_FirstRevisionTwice_PublishedOnceFannedOutToEveryFollower()
    {
        var author = Guid.CreateVersion7();
        var followers = await FollowersAsync(author, 2);
        var product = Guid.CreateVersion7();
        var postId = await db.Posts.CreateAsync(author, new PostDraft("开箱", [], [product]));
        var pendingRows = await FeedRowsAsync(postId);

        await db.ApproveAsync(postId, 1);
        await db.ApproveAsync(postId, 1);

        Assert.Multiple(async () =>
        {
            Assert.That(pendingRows, Is.Zero, "a pending post is in no feed");
            Assert.That(await FeedRowsAsync(postId), Is.EqualTo(2));
            Assert.That(await db.FeedAsync(followers[0]), Is.EqualTo(new[] { postId }));
            Assert.That(await db.ScalarAsync<long>("SELECT posts FROM accounts WHERE id = @author", new { author }), Is.EqualTo(1));
            Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM post_products WHERE product_id = @product", new { product }), Is.EqualTo(1));
            Assert.That(await db.OutboxCountAsync("PostCreated", postId), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ApproveAsync_AuthorAtFanOutLimit_NoFeedRowsButFollowersReadItByPull()
    {
        var author = Guid.CreateVersion7();
        var followers = await FollowersAsync(author, 3);

        var postId = await db.PublishedPostAsync(author);

        Assert.Multiple(async () =>
        {
            Assert.That(await FeedRowsAsync(postId), Is.Zero);
            Assert.That(await db.ScalarAsync<bool>("SELECT pulled FROM posts WHERE id = @postId", new { postId }), Is.True);
            foreach (var follower in followers) Assert.That(await db.FeedAsync(follower), Does.Contain(postId));
            Assert.That(await db.FeedAsync(Guid.CreateVersion7()), Is.Empty, "someone who follows no one sees nothing");
        });
    }

    [Test]
    public async Task EditAsync_PublishedPost_OthersKeepApprovedRevisionUntilTheEditIsApproved()
    {
        var author = Guid.CreateVersion7();
        var (first, second) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var postId = await db.PublishedPostAsync(author, "第一版", first);

        var (change, revision) = await db.Posts.EditAsync(postId, author, new PostDraft("第二版", [], [second]));
        var whilePending = await db.ScalarAsync<int>("SELECT published_revision FROM posts WHERE id = @postId", new { postId });
        await db.ApproveAsync(postId, revision);

        Assert.Multiple(async () =>
        {
            Assert.That((change, revision), Is.EqualTo((PostChange.Done, 2)));
            Assert.That(whilePending, Is.EqualTo(1));
            Assert.That(await db.ScalarAsync<int>("SELECT published_revision FROM posts WHERE id = @postId", new { postId }), Is.EqualTo(2));
            Assert.That(await db.ScalarAsync<Guid>("SELECT product_id FROM post_products WHERE post_id = @postId", new { postId }), Is.EqualTo(second));
            Assert.That(await db.ScalarAsync<long>("SELECT posts FROM accounts WHERE id = @author", new { author }), Is.EqualTo(1), "an edit is not a new post");
        });
    }

    [Test]
    public async Task EditAndDelete_SomeoneElse_NotYoursAndNothingChanged()
    {
        var author = Guid.CreateVersion7();
        var postId = await db.PublishedPostAsync(author);
        var stranger = Guid.CreateVersion7();

        var edit = await db.Posts.EditAsync(postId, stranger, new PostDraft("改掉你的帖子", [], []));
        var delete = await db.Posts.DeleteAsync(postId, stranger);

        Assert.Multiple(async () =>
        {
            Assert.That(edit.Change, Is.EqualTo(PostChange.NotYours));
            Assert.That(delete, Is.EqualTo(PostChange.NotYours));
            Assert.That(await db.ScalarAsync<int>("SELECT latest_revision FROM posts WHERE id = @postId AND deleted_at IS NULL", new { postId }), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task RejectAsync_ThePublishedRevisionOverturned_PostLeavesFeedsAndCount()
    {
        var author = Guid.CreateVersion7();
        var followers = await FollowersAsync(author, 2);
        var postId = await db.PublishedPostAsync(author);

        await db.InTransactionAsync((c, t) => db.Posts.RejectAsync(c, t, postId, 1, ["申诉复核：违规"], null, DateTimeOffset.UtcNow));

        Assert.Multiple(async () =>
        {
            Assert.That(await FeedRowsAsync(postId), Is.Zero);
            Assert.That(await db.FeedAsync(followers[1]), Is.Empty);
            Assert.That(await db.ScalarAsync<long>("SELECT posts FROM accounts WHERE id = @author", new { author }), Is.Zero);
            Assert.That(await db.ScalarAsync<string>("SELECT status FROM post_revisions WHERE post_id = @postId", new { postId }), Is.EqualTo("rejected"));
        });
    }

    [Test]
    public async Task DeleteAsync_PublishedPost_GoneFromEveryFeedAndProductPage()
    {
        var author = Guid.CreateVersion7();
        await FollowersAsync(author, 2);
        var product = Guid.CreateVersion7();
        var postId = await db.PublishedPostAsync(author, "晒单", product);

        var deleted = await db.Posts.DeleteAsync(postId, author);
        var again = await db.Posts.DeleteAsync(postId, author);

        Assert.Multiple(async () =>
        {
            Assert.That((deleted, again), Is.EqualTo((PostChange.Done, PostChange.NotFound)));
            Assert.That(await FeedRowsAsync(postId), Is.Zero);
            Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM post_products WHERE product_id = @product", new { product }), Is.Zero);
            Assert.That(await db.ScalarAsync<long>("SELECT posts FROM accounts WHERE id = @author", new { author }), Is.Zero);
        });
    }

    [Test]
    public async Task AddListingPostAsync_SameProductListedTwice_OneShopPostInFeedsAtItsListingTime()
    {
        var (shop, friend) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var product = Guid.CreateVersion7();
        var follower = Guid.CreateVersion7();
        await db.Follows.FollowAsync(follower, shop, "shop");
        await db.Follows.FollowAsync(follower, friend, "user");
        var friendsPost = await db.PublishedPostAsync(friend);
        var listedAt = DateTimeOffset.UtcNow.AddHours(-2);

        for (var i = 0; i < 2; i++)
        {
            await db.InTransactionAsync((c, t) => db.Posts.AddListingPostAsync(c, t, shop, product, "新品茶具", listedAt, DateTimeOffset.UtcNow));
        }

        var postId = await db.ScalarAsync<Guid>("SELECT id FROM posts WHERE listing_product_id = @product", new { product });
        Assert.Multiple(async () =>
        {
            Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM posts WHERE author_id = @shop", new { shop }), Is.EqualTo(1));
            Assert.That(await db.FeedAsync(follower), Is.EqualTo(new[] { friendsPost, postId }), "listed two hours ago: behind the newer post");
            Assert.That(await db.ScalarAsync<string>("SELECT text FROM post_revisions WHERE post_id = @postId", new { postId }), Is.EqualTo("上新：新品茶具"));
        });
    }

    [Test]
    public async Task Publication_RacingFollowsAndUnfollows_FeedHoldsThePostExactlyWhenFollowing()
    {
        // Thirty rounds of one publication against a reader following and unfollowing at the same moment.
        for (var round = 0; round < 30; round++)
        {
            var (author, reader) = (Guid.CreateVersion7(), Guid.CreateVersion7());
            await db.Follows.FollowAsync(Guid.CreateVersion7(), author, "user");
            var postId = await db.Posts.CreateAsync(author, new PostDraft("抢先看", [], []));

            var toggles = Enumerable.Range(0, 1 + round % 4).Select(async i =>
            {
                await Task.Yield();
                if (i % 2 == 0) await db.Follows.FollowAsync(reader, author, "user");
                else await db.Follows.UnfollowAsync(reader, author);
            });
            await Task.WhenAll(toggles.Append(db.ApproveAsync(postId, 1)));

            var following = await db.ScalarAsync<bool>(
                "SELECT EXISTS (SELECT 1 FROM follows WHERE follower_id = @reader AND target_id = @author)", new { reader, author });
            var inFeed = await db.ScalarAsync<bool>(
                "SELECT EXISTS (SELECT 1 FROM feed_entries WHERE user_id = @reader AND post_id = @postId)", new { reader, postId });
            Assert.That(inFeed, Is.EqualTo(following), $"round {round}: following {following}, feed row {inFeed}");
        }
    }
}
