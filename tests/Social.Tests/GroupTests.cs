using SocialCommerce.Social.Groups;
using SocialCommerce.Social.Posts;

namespace SocialCommerce.Social.Tests;

/// <summary>Interest groups: exact member counts under concurrent joins, unique names, moderation's verdicts, posting and erasure.</summary>
[TestFixture]
public sealed class GroupTests
{
    private SocialDatabase db = null!;
    private GroupStore groups = null!;

    [OneTimeSetUp]
    public void CreateDatabase()
    {
        db = SocialDatabase.Create();
        groups = new GroupStore(db.DataSource, TimeProvider.System);
    }

    private static string NewName(string prefix = "茶友") => prefix + Guid.NewGuid().ToString("N")[..8];

    private async Task<Guid> PublishedGroupAsync(Guid ownerId)
    {
        var groupId = (await groups.CreateAsync(ownerId, NewName(), "一起喝茶"))!.Value;
        await ApproveAsync(groupId);
        return groupId;
    }

    private Task ApproveAsync(Guid groupId) =>
        db.InTransactionAsync((connection, transaction) => GroupStore.ApproveAsync(connection, transaction, groupId, null, DateTimeOffset.UtcNow));

    private Task<long> MembersAsync(Guid groupId) => db.ScalarAsync<long>("SELECT members FROM groups WHERE id = @groupId", new { groupId });

    private Task<long> MemberRowsAsync(Guid groupId) => db.ScalarAsync<long>("SELECT count(*) FROM group_members WHERE group_id = @groupId", new { groupId });

    [Test]
    public async Task JoinAsync_FiftyPeopleAtOnce_EveryJoinCountedOnce()
    {
        var groupId = await PublishedGroupAsync(Guid.CreateVersion7());

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => groups.JoinAsync(groupId, Guid.CreateVersion7())));

        Assert.Multiple(async () =>
        {
            Assert.That(outcomes, Is.All.EqualTo(GroupChange.Done));
            Assert.That(await MembersAsync(groupId), Is.EqualTo(51), "the owner and fifty joiners");
            Assert.That(await MemberRowsAsync(groupId), Is.EqualTo(51));
        });
    }

    [Test]
    public async Task JoinAsync_OnePersonTwentyTimesAtOnce_OneJoinNineteenRefused()
    {
        var groupId = await PublishedGroupAsync(Guid.CreateVersion7());
        var userId = Guid.CreateVersion7();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => groups.JoinAsync(groupId, userId)));

        Assert.Multiple(async () =>
        {
            Assert.That(outcomes.Count(outcome => outcome == GroupChange.Done), Is.EqualTo(1));
            Assert.That(outcomes.Count(outcome => outcome == GroupChange.AlreadyMember), Is.EqualTo(19));
            Assert.That(await MembersAsync(groupId), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task JoinAndLeave_PendingGroupOwnerAndStrangers_RefusedCountsUnchanged()
    {
        var ownerId = Guid.CreateVersion7();
        var pending = (await groups.CreateAsync(ownerId, NewName(), ""))!.Value;
        var published = await PublishedGroupAsync(ownerId);
        var member = Guid.CreateVersion7();
        await groups.JoinAsync(published, member);

        Assert.Multiple(async () =>
        {
            Assert.That(await groups.JoinAsync(pending, Guid.CreateVersion7()), Is.EqualTo(GroupChange.NotFound), "a pending group is not joinable");
            Assert.That(await groups.JoinAsync(Guid.CreateVersion7(), member), Is.EqualTo(GroupChange.NotFound));
            Assert.That(await groups.LeaveAsync(published, ownerId), Is.EqualTo(GroupChange.OwnerStays));
            Assert.That(await groups.LeaveAsync(published, Guid.CreateVersion7()), Is.EqualTo(GroupChange.NotMember));
            Assert.That(await groups.LeaveAsync(published, member), Is.EqualTo(GroupChange.Done));
            Assert.That(await groups.LeaveAsync(published, member), Is.EqualTo(GroupChange.NotMember));
            Assert.That(await MembersAsync(published), Is.EqualTo(1));
            Assert.That(await MembersAsync(pending), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task CreateAsync_NameTakenInAnotherCase_RefusedUntilTheFirstIsRejected()
    {
        var name = NewName("Tea Lovers ");
        var first = (await groups.CreateAsync(Guid.CreateVersion7(), name, ""))!.Value;

        var sameName = await groups.CreateAsync(Guid.CreateVersion7(), name.ToUpperInvariant(), "");
        await db.InTransactionAsync((connection, transaction) => GroupStore.RejectAsync(connection, transaction, first, ["违规"], null));
        var afterRejection = await groups.CreateAsync(Guid.CreateVersion7(), name.ToLowerInvariant(), "");
        await ApproveAsync(first); // an appeal upheld after the name went to someone else

        Assert.Multiple(async () =>
        {
            Assert.That(sameName, Is.Null);
            Assert.That(afterRejection, Is.Not.Null);
            Assert.That(await db.ScalarAsync<string>("SELECT status FROM groups WHERE id = @first", new { first }), Is.EqualTo("rejected"));
            Assert.That(await db.OutboxCountAsync("GroupCreated", first), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Decisions_HeldThenApprovedThenRedelivered_PublishedOnceReasonsCleared()
    {
        var groupId = (await groups.CreateAsync(Guid.CreateVersion7(), NewName(), "加微信聊"))!.Value;
        var caseId = Guid.CreateVersion7();

        await db.InTransactionAsync((connection, transaction) => GroupStore.HoldAsync(connection, transaction, groupId, ["微信 (contact)"], caseId));
        var heldReasons = await db.ScalarAsync<string[]>("SELECT reasons FROM groups WHERE id = @groupId", new { groupId });
        await ApproveAsync(groupId);
        var publishedAt = await db.ScalarAsync<DateTime>("SELECT published_at FROM groups WHERE id = @groupId", new { groupId });
        await ApproveAsync(groupId);
        await db.InTransactionAsync((connection, transaction) => GroupStore.HoldAsync(connection, transaction, groupId, ["late"], Guid.CreateVersion7()));

        Assert.Multiple(async () =>
        {
            Assert.That(heldReasons, Is.EqualTo(new[] { "微信 (contact)" }));
            Assert.That(await db.ScalarAsync<string>("SELECT status FROM groups WHERE id = @groupId", new { groupId }), Is.EqualTo("published"));
            Assert.That(await db.ScalarAsync<string[]>("SELECT reasons FROM groups WHERE id = @groupId", new { groupId }), Is.Empty);
            Assert.That(await db.ScalarAsync<Guid>("SELECT case_id FROM groups WHERE id = @groupId", new { groupId }), Is.EqualTo(caseId));
            Assert.That(await db.ScalarAsync<DateTime>("SELECT published_at FROM groups WHERE id = @groupId", new { groupId }), Is.EqualTo(publishedAt));
        });
    }

    [Test]
    public async Task WriteAsync_InAGroup_MembersOnlyAndRemovedPostsLeaveTheGroup()
    {
        var ownerId = Guid.CreateVersion7();
        var (member, stranger) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var groupId = await PublishedGroupAsync(ownerId);
        await groups.JoinAsync(groupId, member);

        var byStranger = await db.Posts.WriteAsync(stranger, new PostDraft("路过", [], [], groupId));
        var inUnknown = await db.Posts.WriteAsync(member, new PostDraft("走错了", [], [], Guid.CreateVersion7()));
        var (placement, postId) = await db.Posts.WriteAsync(member, new PostDraft("今天喝白茶", [], [], groupId));
        await db.ApproveAsync(postId, 1);
        var inGroup = await GroupPostsAsync(groupId);
        var removedByMember = await groups.RemovePostAsync(groupId, postId, member);
        var removed = await groups.RemovePostAsync(groupId, postId, ownerId);

        Assert.Multiple(async () =>
        {
            Assert.That(byStranger.Placement, Is.EqualTo(GroupChange.NotMember));
            Assert.That(inUnknown.Placement, Is.EqualTo(GroupChange.NotFound));
            Assert.That(placement, Is.EqualTo(GroupChange.Done));
            Assert.That(inGroup, Is.EqualTo(1));
            Assert.That(removedByMember, Is.EqualTo(GroupChange.NotOwner));
            Assert.That(removed, Is.EqualTo(GroupChange.Done));
            Assert.That(await groups.RemovePostAsync(groupId, postId, ownerId), Is.EqualTo(GroupChange.PostNotFound));
            Assert.That(await GroupPostsAsync(groupId), Is.Zero);
            Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM posts WHERE author_id = @stranger", new { stranger }), Is.Zero);
            Assert.That(await db.ScalarAsync<bool>("SELECT published_revision IS NOT NULL FROM posts WHERE id = @postId", new { postId }), Is.True,
                "the post stays the author's");
        });
    }

    [Test]
    public async Task EraseUserAsync_MemberAndOwner_CountCorrectedOwnedGroupGonePostsDetached()
    {
        var (ownerId, memberId) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var owned = await PublishedGroupAsync(ownerId);
        var joined = await PublishedGroupAsync(Guid.CreateVersion7());
        await groups.JoinAsync(owned, memberId);
        await groups.JoinAsync(joined, ownerId);
        var postId = await db.Posts.CreateAsync(memberId, new PostDraft("圈子里的帖子", [], [], owned));

        await db.InTransactionAsync((connection, transaction) => GroupStore.EraseUserAsync(connection, transaction, ownerId));

        Assert.Multiple(async () =>
        {
            Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM groups WHERE owner_id = @ownerId", new { ownerId }), Is.Zero);
            Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM group_members WHERE user_id IN (@ownerId, @memberId)", new { ownerId, memberId }),
                Is.Zero, "the owned group's members went with it");
            Assert.That(await MembersAsync(joined), Is.EqualTo(1));
            Assert.That(await db.ScalarAsync<Guid?>("SELECT group_id FROM posts WHERE id = @postId", new { postId }), Is.Null);
        });
    }

    private Task<long> GroupPostsAsync(Guid groupId) => db.ScalarAsync<long>(
        """
        SELECT count(*) FROM posts
        WHERE group_id = @groupId AND removed_from_group_at IS NULL AND deleted_at IS NULL AND published_revision IS NOT NULL
        """,
        new { groupId });
}
