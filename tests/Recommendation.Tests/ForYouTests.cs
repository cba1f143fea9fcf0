using SocialCommerce.Contracts.Events.Catalog;
using SocialCommerce.Contracts.Events.Identity;
using SocialCommerce.Contracts.Events.Social;
using SocialCommerce.Recommendation.Models;
using SocialCommerce.Recommendation.Serving;
using static SocialCommerce.Recommendation.Tests.ModelTests;

namespace SocialCommerce.Recommendation.Tests;

/// <summary>The for-you blend and erasure: reasons, consents both ways, nothing bought offered again, no trace left.</summary>
[TestFixture]
public sealed class ForYouTests
{
    private RecommendationDatabase db = null!;

    [SetUp]
    public async Task CreateDatabase() => db = await RecommendationDatabase.CreateAsync();

    [TearDown]
    public async Task Dispose() => await db.DisposeAsync();

    private Task ConsentAsync(Guid userId, bool socialProof, bool personalised, int secondsAgo = 0) =>
        db.DeliverAsync(new ConsentsChanged(userId, socialProof, personalised, false, DateTimeOffset.UtcNow.AddSeconds(-secondsAgo)));

    [Test]
    public async Task ForYou_FriendBoughtWithConsent_FriendsBoughtFirst_SimilarNext_TrendingFill_OwnPurchaseLeftOut()
    {
        var (me, friend, stranger) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var (mine, companion, friendsPick, popular) =
            (await db.ListedProductAsync(), await db.ListedProductAsync(), await db.ListedProductAsync(), await db.ListedProductAsync());
        var now = DateTimeOffset.UtcNow;
        await db.DeliverAsync(Paid(stranger, now, mine, companion));
        await db.DeliverAsync(Paid(me, now, mine));
        await db.DeliverAsync(Paid(friend, now, friendsPick));
        await db.DeliverAsync(new Followed(me, "user", friend, now));
        await ConsentAsync(friend, socialProof: true, personalised: false);
        await ConsentAsync(me, socialProof: false, personalised: true);
        await db.Models.RunOnceAsync(now);

        var items = await db.ForYou.BlendAsync(me, CancellationToken.None);

        var reasons = items.ToDictionary(item => item.ProductId, item => item.Reason);
        Assert.Multiple(() =>
        {
            Assert.That(items[0].ProductId, Is.EqualTo(friendsPick));
            Assert.That(reasons[friendsPick], Is.EqualTo(Reasons.FriendsBought));
            Assert.That(reasons[companion], Is.EqualTo(Reasons.SimilarToPurchase));
            Assert.That(reasons[popular], Is.EqualTo(Reasons.Popular), "listed but never chosen: the cold-start fill");
            Assert.That(reasons.ContainsKey(mine), Is.False, "what I bought is not offered again");
            Assert.That(items.Select(item => item.Score), Is.Ordered.Descending);
            Assert.That(items.Select(item => item.ProductId), Is.Unique);
        });
    }

    [Test]
    public async Task ForYou_WithoutMyConsentOrMyFriendsConsent_NoPersonalReasons()
    {
        var (me, friend) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var pick = await db.ListedProductAsync();
        var now = DateTimeOffset.UtcNow;
        await db.DeliverAsync(Paid(friend, now, pick));
        await db.DeliverAsync(new Followed(me, "user", friend, now));
        await ConsentAsync(me, socialProof: false, personalised: true);
        await db.Models.RunOnceAsync(now);
        Assert.That((await db.ForYou.BlendAsync(me, CancellationToken.None)).Single(i => i.ProductId == pick).Reason, Is.EqualTo(Reasons.Trending),
            "the friend never consented to social proof");

        await ConsentAsync(friend, socialProof: true, personalised: false);
        await db.Models.RunOnceAsync(now);
        Assert.That((await db.ForYou.BlendAsync(me, CancellationToken.None)).Single(i => i.ProductId == pick).Reason, Is.EqualTo(Reasons.FriendsBought));

        await ConsentAsync(friend, socialProof: false, personalised: false, secondsAgo: -1);
        Assert.That((await db.ForYou.BlendAsync(me, CancellationToken.None)).Single(i => i.ProductId == pick).Reason, Is.EqualTo(Reasons.Trending),
            "her withdrawal takes her purchase off my page at once, before any model run");
        await ConsentAsync(friend, socialProof: true, personalised: false, secondsAgo: -2);
        await db.Models.RunOnceAsync(now);

        await ConsentAsync(me, socialProof: false, personalised: false);
        await ConsentAsync(me, socialProof: false, personalised: true, secondsAgo: 60);
        var withdrawn = await db.ForYou.BlendAsync(me, CancellationToken.None);
        Assert.That(withdrawn.Select(item => item.Reason), Is.All.AnyOf(Reasons.Trending, Reasons.Popular),
            "withdrawn, and the older copy arriving late changes nothing");
    }

    [Test]
    public async Task UserErased_LeavesNoRowNamingThem_NextRunForgetsTheirPart()
    {
        var (erased, other) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var (a, b, c) = (await db.ListedProductAsync(), await db.ListedProductAsync(), await db.ListedProductAsync());
        var now = DateTimeOffset.UtcNow;
        await db.DeliverAsync(Paid(erased, now, a, b));
        await db.DeliverAsync(Paid(other, now, a, c));
        await db.DeliverAsync(new Liked(erased, Guid.CreateVersion7(), other, [a], now));
        await db.DeliverAsync(new Favourited(erased, "product", b, now));
        await db.DeliverAsync(new Followed(erased, "user", other, now));
        await db.DeliverAsync(new Followed(other, "user", erased, now));
        await ConsentAsync(erased, true, true);
        await db.Models.RunOnceAsync(now);
        await db.Nightly.RunAsync(new AlsSettings(Factors: 4, Iterations: 2));
        Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM user_candidates WHERE user_id = @erased", new { erased }), Is.Positive,
            "the taste model had candidates for them");

        await db.DeliverAsync(new UserErased(erased, now));
        await db.DeliverAsync(new UserErased(erased, now));
        await db.Models.RunOnceAsync(now);

        var rows = await db.ScalarAsync<long>(
            """
            SELECT (SELECT count(*) FROM interactions WHERE user_id = @erased)
                 + (SELECT count(*) FROM follows WHERE follower_id = @erased OR target_id = @erased)
                 + (SELECT count(*) FROM consents WHERE user_id = @erased)
                 + (SELECT count(*) FROM user_candidates WHERE user_id = @erased)
                 + (SELECT count(*) FROM trending WHERE product_id = @b)
                 + (SELECT count(*) FROM similar_items WHERE product_id = @b OR similar_id = @b)
            """, new { erased, b });
        Assert.That(rows, Is.Zero);
    }

    [Test]
    public async Task UserErased_EventsFromBeforeArriveLate_WriteNothing_WhatTheRestoredAccountDoesCounts()
    {
        var (erased, other) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var product = await db.ListedProductAsync();
        var now = DateTimeOffset.UtcNow;
        var before = now.AddMinutes(-1);
        await db.DeliverAsync(new UserErased(erased, now));

        // Published before the erasure (an order paid a minute earlier, a like in flight), delivered after it.
        await db.DeliverAsync(Paid(erased, before, product));
        await db.DeliverAsync(new Liked(erased, Guid.CreateVersion7(), other, [product], before));
        await db.DeliverAsync(new Favourited(erased, "product", product, before));
        await db.DeliverAsync(new Followed(erased, "user", other, before));
        await db.DeliverAsync(new Followed(other, "user", erased, before));
        await db.DeliverAsync(new ConsentsChanged(erased, true, true, false, before));
        // The same kinds of event about someone not erased are written.
        await db.DeliverAsync(Paid(other, before, product));
        await db.DeliverAsync(new Followed(other, "user", Guid.CreateVersion7(), before));
        await db.DeliverAsync(new ConsentsChanged(other, true, true, false, before));

        const string rowsNaming =
            """
            SELECT (SELECT count(*) FROM interactions WHERE user_id = @user)
                 + (SELECT count(*) FROM follows WHERE follower_id = @user OR target_id = @user)
                 + (SELECT count(*) FROM consents WHERE user_id = @user)
            """;
        var erasedRows = await db.ScalarAsync<long>(rowsNaming, new { user = erased });
        var otherRows = await db.ScalarAsync<long>(rowsNaming, new { user = other });
        // A demo account restored under its fixed id is a new person: what it does after the erasure is written.
        await db.DeliverAsync(new ConsentsChanged(erased, true, true, false, now.AddSeconds(1)));
        var restoredRows = await db.ScalarAsync<long>(rowsNaming, new { user = erased });
        Assert.Multiple(() =>
        {
            Assert.That(erasedRows, Is.Zero);
            Assert.That(otherRows, Is.EqualTo(3), "their purchase, their follow and their consents");
            Assert.That(restoredRows, Is.EqualTo(1), "the consents given after the erasure");
        });
    }

    [Test]
    public async Task Trending_ProductListedWithAnImage_ItemCarriesIt_OlderListingsNone()
    {
        var (pictured, plain) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var listedAt = DateTimeOffset.UtcNow.AddDays(-1);
        await db.DeliverAsync(new ProductListed(pictured, Guid.CreateVersion7(), 1, "有图的茶", [], 1999, "CNY", listedAt, "https://img.example/tea.jpg"));
        await db.DeliverAsync(new ProductListed(plain, Guid.CreateVersion7(), 1, "没图的茶", [], 999, "CNY", listedAt));
        await db.DeliverAsync(Paid(Guid.CreateVersion7(), DateTimeOffset.UtcNow, pictured, plain));
        await db.Models.RunOnceAsync(DateTimeOffset.UtcNow);

        var items = (await db.Trending.ForAsync(null, CancellationToken.None)).ToDictionary(entry => entry.Product.ProductId, entry => entry.Product.As(entry.Reason, 0));

        Assert.Multiple(() =>
        {
            Assert.That(items[pictured].ImageUrl, Is.EqualTo("https://img.example/tea.jpg"));
            Assert.That(items[plain].ImageUrl, Is.Null, "announced before listings carried images");
        });
    }

    [Test]
    public async Task Unliked_Unfavourited_TakeTheirSignalsBack()
    {
        var userId = Guid.CreateVersion7();
        var (liked, kept) = (await db.ListedProductAsync(), await db.ListedProductAsync());
        var postId = Guid.CreateVersion7();
        await db.DeliverAsync(new Liked(userId, postId, Guid.CreateVersion7(), [liked], DateTimeOffset.UtcNow));
        await db.DeliverAsync(new Favourited(userId, "product", kept, DateTimeOffset.UtcNow));
        await db.DeliverAsync(new Favourited(userId, "post", postId, DateTimeOffset.UtcNow));

        await db.DeliverAsync(new Unliked(userId, postId, DateTimeOffset.UtcNow));
        await db.DeliverAsync(new Unfavourited(userId, "product", kept, DateTimeOffset.UtcNow));

        Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM interactions WHERE user_id = @userId", new { userId }), Is.Zero);
    }

    [Test]
    public async Task PagesAsync_PurchaseBetweenPages_LaterPagesCutFromTheFirstPagesBlend_NextFirstPageFresh()
    {
        var me = Guid.CreateVersion7();
        var (a, b, c) = (await db.ListedProductAsync(), await db.ListedProductAsync(), await db.ListedProductAsync());
        await db.DeliverAsync(Paid(Guid.CreateVersion7(), DateTimeOffset.UtcNow, a, b, c));
        await db.DeliverAsync(new ConsentsChanged(me, false, true, false, DateTimeOffset.UtcNow));
        await db.Models.RunOnceAsync(DateTimeOffset.UtcNow);
        var first = await db.ForYou.PagesAsync(me, firstPage: true, CancellationToken.None);
        Assert.That(first.Select(item => item.ProductId), Is.SupersetOf(new[] { a, b, c }));

        await db.DeliverAsync(Paid(me, DateTimeOffset.UtcNow, a));

        var later = await db.ForYou.PagesAsync(me, firstPage: false, CancellationToken.None);
        var fresh = await db.ForYou.PagesAsync(me, firstPage: true, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(later.Select(item => (item.ProductId, item.Reason, item.Score)),
                Is.EqualTo(first.Select(item => (item.ProductId, item.Reason, item.Score))), "scrolling neither skips nor repeats");
            Assert.That(fresh.Select(item => item.ProductId), Does.Not.Contain(a), "a new first page leaves out what I bought since");
        });
    }
}
