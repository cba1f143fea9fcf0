using SocialCommerce.Social.Engagement;
using SocialCommerce.Social.Posts;

namespace SocialCommerce.Social.Tests;

/// <summary>Likes and favourites: counts equal rows under concurrency, unpublished and deleted posts refuse them.</summary>
[TestFixture]
public sealed class ReactionTests
{
    private SocialDatabase db = null!;

    [OneTimeSetUp]
    public void CreateDatabase() => db = SocialDatabase.Create();

    [Test]
    public async Task LikeAndUnlike_TwoHundredConcurrentCalls_CountEqualsRowsAndAnnouncements()
    {
        var postId = await db.PublishedPostAsync(Guid.CreateVersion7());
        var people = Enumerable.Range(0, 40).Select(_ => Guid.CreateVersion7()).ToArray();

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => i % 3 == 0
            ? db.Reactions.UnlikeAsync(postId, people[i % people.Length])
            : db.Reactions.LikeAsync(postId, people[i % people.Length])));

        var rows = await db.ScalarAsync<long>("SELECT count(*) FROM post_likes WHERE post_id = @postId", new { postId });
        Assert.Multiple(async () =>
        {
            Assert.That(rows, Is.GreaterThan(0));
            Assert.That(await db.ScalarAsync<long>("SELECT likes FROM posts WHERE id = @postId", new { postId }), Is.EqualTo(rows));
            Assert.That(await db.OutboxCountAsync("Liked", postId) - await db.OutboxCountAsync("Unliked", postId), Is.EqualTo(rows));
        });
    }

    [Test]
    public async Task FavouriteAndUnfavourite_TwoHundredConcurrentCalls_CountEqualsRows()
    {
        var postId = await db.PublishedPostAsync(Guid.CreateVersion7());
        var people = Enumerable.Range(0, 30).Select(_ => Guid.CreateVersion7()).ToArray();

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => i % 2 == 0
            ? db.Reactions.FavouriteAsync(postId, people[i % people.Length])
            : db.Reactions.UnfavouriteAsync(postId, people[(i * 7) % people.Length])));

        var rows = await db.ScalarAsync<long>("SELECT count(*) FROM favourites WHERE target_kind = 'post' AND target_id = @postId", new { postId });
        Assert.That(await db.ScalarAsync<long>("SELECT favourites FROM posts WHERE id = @postId", new { postId }), Is.EqualTo(rows));
    }

    [Test]
    public async Task LikeAsync_Repeated_CountedOnceAnnouncedOnce()
    {
        var postId = await db.PublishedPostAsync(Guid.CreateVersion7());
        var fan = Guid.CreateVersion7();

        var outcomes = new[] { await db.Reactions.LikeAsync(postId, fan), await db.Reactions.LikeAsync(postId, fan) };

        Assert.Multiple(async () =>
        {
            Assert.That(outcomes, Is.EqualTo(new[] { ReactionOutcome.Changed, ReactionOutcome.Unchanged }));
            Assert.That(await db.ScalarAsync<long>("SELECT likes FROM posts WHERE id = @postId", new { postId }), Is.EqualTo(1));
            Assert.That(await db.OutboxCountAsync("Liked", postId), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task LikeAsync_PendingPost_NotFoundForOthersNotPublishedForItsAuthor()
    {
        var author = Guid.CreateVersion7();
        var postId = await db.Posts.CreateAsync(author, new PostDraft("待审核", [], []));

        var byOther = await db.Reactions.LikeAsync(postId, Guid.CreateVersion7());
        var byAuthor = await db.Reactions.LikeAsync(postId, author);

        Assert.Multiple(async () =>
        {
            Assert.That((byOther, byAuthor), Is.EqualTo((ReactionOutcome.NotFound, ReactionOutcome.NotPublished)));
            Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM post_likes WHERE post_id = @postId", new { postId }), Is.Zero);
        });
    }

    [Test]
    public async Task LikeAsync_DeletedPost_NotFoundNothingWritten()
    {
        var author = Guid.CreateVersion7();
        var postId = await db.PublishedPostAsync(author);
        await db.Posts.DeleteAsync(postId, author);

        var outcome = await db.Reactions.LikeAsync(postId, Guid.CreateVersion7());

        Assert.That(outcome, Is.EqualTo(ReactionOutcome.NotFound));
        Assert.That(await db.OutboxCountAsync("Liked", postId), Is.Zero);
    }
}
