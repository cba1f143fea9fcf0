using SocialCommerce.Social.Engagement;
using SocialCommerce.Social.Posts;

namespace SocialCommerce.Social.Tests;

/// <summary>Comments and replies: one level deep, counted when moderation approves them and uncounted if overturned.</summary>
[TestFixture]
public sealed class CommentTests
{
    private SocialDatabase db = null!;

    [OneTimeSetUp]
    public void CreateDatabase() => db = SocialDatabase.Create();

    private Task DecideAsync(Guid commentId, bool approved) =>
        db.InTransactionAsync((c, t) => CommentStore.DecideAsync(c, t, commentId, approved, approved ? [] : ["辱骂"], null, DateTimeOffset.UtcNow));

    private Task<long> CountAsync(Guid postId) => db.ScalarAsync<long>("SELECT comments FROM posts WHERE id = @postId", new { postId });

    [Test]
    public async Task AddAsync_ReplyToAReply_RefusedNothingWritten()
    {
        var postId = await db.PublishedPostAsync(Guid.CreateVersion7());
        var (_, comment) = await db.Comments.AddAsync(postId, Guid.CreateVersion7(), "好看", null);
        await DecideAsync(comment, approved: true);
        var (_, reply) = await db.Comments.AddAsync(postId, Guid.CreateVersion7(), "同感", comment);
        await DecideAsync(reply, approved: true);

        var (outcome, _) = await db.Comments.AddAsync(postId, Guid.CreateVersion7(), "楼中楼", reply);

        Assert.Multiple(async () =>
        {
            Assert.That(outcome, Is.EqualTo(CommentOutcome.ReplyToReply));
            Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM comments WHERE post_id = @postId", new { postId }), Is.EqualTo(2));
            Assert.That(await CountAsync(postId), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task AddAsync_ReplyToSomeoneElsesPendingComment_AsUnknown()
    {
        var postId = await db.PublishedPostAsync(Guid.CreateVersion7());
        var (_, pending) = await db.Comments.AddAsync(postId, Guid.CreateVersion7(), "还没审完", null);

        var (outcome, _) = await db.Comments.AddAsync(postId, Guid.CreateVersion7(), "回复", pending);

        Assert.That(outcome, Is.EqualTo(CommentOutcome.ReplyToUnknown));
    }

    [Test]
    public async Task AddAsync_PendingPost_NotFoundForOthersNotPublishedForTheAuthor()
    {
        var author = Guid.CreateVersion7();
        var postId = await db.Posts.CreateAsync(author, new PostDraft("待审核", [], []));

        var byOther = await db.Comments.AddAsync(postId, Guid.CreateVersion7(), "沙发", null);
        var byAuthor = await db.Comments.AddAsync(postId, author, "自己先坐", null);

        Assert.That((byOther.Outcome, byAuthor.Outcome), Is.EqualTo((CommentOutcome.PostNotFound, CommentOutcome.PostNotPublished)));
    }

    [Test]
    public async Task DecideAsync_ApprovedTwiceThenOverturned_CountFollowsThePublishedComments()
    {
        var postId = await db.PublishedPostAsync(Guid.CreateVersion7());
        var (_, comment) = await db.Comments.AddAsync(postId, Guid.CreateVersion7(), "不错", null);

        await DecideAsync(comment, approved: true);
        await DecideAsync(comment, approved: true);
        var afterApproval = await CountAsync(postId);
        await DecideAsync(comment, approved: false);

        Assert.Multiple(async () =>
        {
            Assert.That(afterApproval, Is.EqualTo(1));
            Assert.That(await CountAsync(postId), Is.Zero);
            Assert.That(await db.OutboxCountAsync("CommentCreated", comment), Is.EqualTo(1));
        });
    }
}
