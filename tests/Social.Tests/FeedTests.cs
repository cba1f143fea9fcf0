using SocialCommerce.Social.Feed;

namespace SocialCommerce.Social.Tests;

/// <summary>Reading the feed: stored rows, pulled posts of big accounts and the graph past the cap, merged newest first.</summary>
[TestFixture]
public sealed class FeedTests
{
    private SocialDatabase db = null!;

    [OneTimeSetUp]
    public void CreateDatabase() => db = SocialDatabase.Create(fanOutLimit: 3, feedCap: 20);

    private async Task<List<Guid>> ReadAllAsync(Guid reader, int pageSize)
    {
        var all = new List<Guid>();
        var cursor = PageCursor.Newest;
        await using var connection = await db.DataSource.OpenConnectionAsync();
        while (true)
        {
            var page = await FeedRows.PageAsync(connection, reader, cursor, pageSize);
            all.AddRange(page.Select(item => item.PostId));
            if (page.Count < pageSize) return all;
            cursor = new PageCursor(page[^1].PublishedAt, page[^1].PostId);
        }
    }

    [Test]
    public async Task TrimAsync_FeedOverItsCap_NewestCapRowsKeptOlderPagesReadFromTheGraph()
    {
        var (reader, author) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await db.Follows.FollowAsync(reader, author, "user");
        var posts = new List<Guid>();
        for (var i = 0; i < 30; i++) posts.Add(await db.PublishedPostAsync(author, $"第 {i} 篇"));

        Guid? position = null;
        do
        {
            (position, _) = await FeedRows.TrimAsync(db.DataSource, position, batch: 7, db.Options.FeedCap, CancellationToken.None);
        }
        while (position is not null);

        var kept = await db.ScalarAsync<long>("SELECT count(*) FROM feed_entries WHERE user_id = @reader", new { reader });
        var read = await ReadAllAsync(reader, pageSize: 8);
        Assert.Multiple(() =>
        {
            Assert.That(kept, Is.EqualTo(20));
            Assert.That(read, Is.EqualTo(Enumerable.Reverse(posts).ToList()), "every post once, newest first, across the cap");
        });
    }

    [Test]
    public async Task PageAsync_StoredAndPulledAuthors_MergedNewestFirstWithoutDuplicates()
    {
        var reader = Guid.CreateVersion7();
        var (small, big) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await db.Follows.FollowAsync(reader, small, "user");
        await db.Follows.FollowAsync(reader, big, "user");
        foreach (var fan in Enumerable.Range(0, 2)) await db.Follows.FollowAsync(Guid.CreateVersion7(), big, "user");

        var expected = new List<Guid>();
        for (var i = 0; i < 6; i++) expected.Add(await db.PublishedPostAsync(i % 2 == 0 ? small : big));

        var read = await ReadAllAsync(reader, pageSize: 4);
        Assert.Multiple(async () =>
        {
            Assert.That(read, Is.EqualTo(Enumerable.Reverse(expected).ToList()));
            Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM feed_entries WHERE author_id = @big", new { big }), Is.Zero);
        });
    }
}
