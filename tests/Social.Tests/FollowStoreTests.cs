namespace SocialCommerce.Social.Tests;

/// <summary>The follow graph on real PostgreSQL: idempotent, counted exactly under concurrency, announced once per change.</summary>
[TestFixture]
public sealed class FollowStoreTests
{
    private SocialDatabase db = null!;

    [OneTimeSetUp]
    public void CreateDatabase() => db = SocialDatabase.Create();

    private Task<long> FollowersAsync(Guid id) => db.ScalarAsync<long>("SELECT coalesce(max(followers), 0) FROM accounts WHERE id = @id", new { id });

    [Test]
    public async Task FollowAsync_Repeated_OneRowCountedOnceAnnouncedOnce()
    {
        var (follower, target) = (Guid.CreateVersion7(), Guid.CreateVersion7());

        var first = await db.Follows.FollowAsync(follower, target, "user");
        var second = await db.Follows.FollowAsync(follower, target, "user");

        Assert.Multiple(async () =>
        {
            Assert.That((first, second), Is.EqualTo((true, false)));
            Assert.That(await FollowersAsync(target), Is.EqualTo(1));
            Assert.That(await db.ScalarAsync<long>("SELECT following FROM accounts WHERE id = @follower", new { follower }), Is.EqualTo(1));
            Assert.That(await db.OutboxCountAsync("Followed", target), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task UnfollowAsync_NotFollowing_ChangesNothing()
    {
        var (follower, target) = (Guid.CreateVersion7(), Guid.CreateVersion7());

        var changed = await db.Follows.UnfollowAsync(follower, target);

        Assert.That(changed, Is.False);
        Assert.That(await db.OutboxCountAsync("Unfollowed", target), Is.Zero);
    }

    [Test]
    public async Task FollowAndUnfollow_TwoHundredConcurrentCalls_CountsEqualRows()
    {
        var target = Guid.CreateVersion7();
        var people = Enumerable.Range(0, 40).Select(_ => Guid.CreateVersion7()).ToArray();

        // Every person follows and unfollows several times at once, in an order no one controls.
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => i % 2 == 0
            ? db.Follows.FollowAsync(people[i % people.Length], target, "user")
            : db.Follows.UnfollowAsync(people[i % people.Length], target)));

        var rows = await db.ScalarAsync<long>("SELECT count(*) FROM follows WHERE target_id = @target", new { target });
        var following = await db.ScalarAsync<long>(
            "SELECT coalesce(sum(following), 0) FROM accounts WHERE id = ANY(@people)", new { people });
        var announced = await db.OutboxCountAsync("Followed", target) - await db.OutboxCountAsync("Unfollowed", target);
        Assert.Multiple(async () =>
        {
            Assert.That(await FollowersAsync(target), Is.EqualTo(rows));
            Assert.That(following, Is.EqualTo(rows));
            Assert.That(announced, Is.EqualTo(rows), "every change announced once, no repeat announced");
        });
    }

    [Test]
    public async Task FollowAsync_TwoPeopleFollowEachOtherAtOnce_BothCountedNoDeadlock()
    {
        var pairs = Enumerable.Range(0, 50).Select(_ => (Guid.CreateVersion7(), Guid.CreateVersion7())).ToList();

        await Task.WhenAll(pairs.SelectMany(pair => new[]
        {
            db.Follows.FollowAsync(pair.Item1, pair.Item2, "user"), db.Follows.FollowAsync(pair.Item2, pair.Item1, "user"),
        }));

        var ids = pairs.SelectMany(pair => new[] { pair.Item1, pair.Item2 }).ToArray();
        Assert.That(await db.ScalarAsync<long>(
            "SELECT count(*) FROM accounts WHERE id = ANY(@ids) AND followers = 1 AND following = 1", new { ids }), Is.EqualTo(100));
    }

    [Test]
    public async Task FollowAsync_AuthorHasPosts_RecentPostsBackfilledUnfollowRemovesThem()
    {
        var (reader, author) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var posts = new List<Guid>();
        for (var i = 0; i < 3; i++) posts.Add(await db.PublishedPostAsync(author));

        await db.Follows.FollowAsync(reader, author, "user");
        var afterFollow = await db.ScalarAsync<long>("SELECT count(*) FROM feed_entries WHERE user_id = @reader", new { reader });
        await db.Follows.UnfollowAsync(reader, author);

        Assert.Multiple(async () =>
        {
            Assert.That(afterFollow, Is.EqualTo(3));
            Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM feed_entries WHERE user_id = @reader", new { reader }), Is.Zero);
            Assert.That(await db.FeedAsync(reader), Is.Empty);
        });
    }
}
