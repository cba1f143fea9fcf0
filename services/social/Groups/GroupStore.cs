using Dapper;
using Npgsql;
using SocialCommerce.Contracts.Events.Social;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Social.Groups;

public enum GroupChange { Done, NotFound, NotPublished, AlreadyMember, NotMember, OwnerStays, NotOwner, PostNotFound }

/// <summary>
/// Interest groups (圈子) and their members (<c>groups</c>, <c>group_members</c>). A group is written pending and announced
/// to moderation (GroupCreated); moderation's decision publishes it (<c>GroupStore.Decisions.cs</c>). Every change of the
/// membership locks the group row first, so the member count always equals the rows, however many join at once.
/// </summary>
public sealed partial class GroupStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <returns>The new group's id, or null when a group that is not rejected already has the name (any case).</returns>
    public async Task<Guid?> CreateAsync(Guid ownerId, string name, string description, CancellationToken cancellationToken = default)
    {
        var groupId = Guid.CreateVersion7();
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO groups (id, owner_id, name, description, status, members, created_at)
                VALUES (@groupId, @ownerId, @name, @description, 'pending', 1, @now);
                INSERT INTO group_members (group_id, user_id, joined_at) VALUES (@groupId, @ownerId, @now);
                """,
                new { groupId, ownerId, name, description, now }, transaction);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // The unique index settles two people taking one name at the same moment: the second insert loses.
            return null;
        }

        await Outbox.AddAsync(connection, transaction, new GroupCreated(groupId, 1, ownerId, name, description, now));
        await transaction.CommitAsync(cancellationToken);
        return groupId;
    }

    /// <summary>Published groups only; the owner of a pending one is a member already.</summary>
    public Task<GroupChange> JoinAsync(Guid groupId, Guid userId, CancellationToken cancellationToken = default) =>
        ChangeMembershipAsync(groupId, userId, cancellationToken, async (connection, transaction, group) =>
        {
            if (group.Status != "published" && group.OwnerId != userId) return GroupChange.NotFound;
            var joined = await connection.ExecuteAsync(
                """
                INSERT INTO group_members (group_id, user_id, joined_at) VALUES (@groupId, @userId, @now) ON CONFLICT DO NOTHING;
                """,
                new { groupId, userId, now = time.GetUtcNow() }, transaction);
            if (joined == 0) return GroupChange.AlreadyMember;
            await connection.ExecuteAsync("UPDATE groups SET members = members + 1 WHERE id = @groupId", new { groupId }, transaction);
            return GroupChange.Done;
        });

    /// <summary>The owner stays: a group without its owner would have no one to keep it.</summary>
    public Task<GroupChange> LeaveAsync(Guid groupId, Guid userId, CancellationToken cancellationToken = default) =>
        ChangeMembershipAsync(groupId, userId, cancellationToken, async (connection, transaction, group) =>
        {
            if (group.OwnerId == userId) return GroupChange.OwnerStays;
            var left = await connection.ExecuteAsync(
                "DELETE FROM group_members WHERE group_id = @groupId AND user_id = @userId", new { groupId, userId }, transaction);
            if (left == 0) return GroupChange.NotMember;
            await connection.ExecuteAsync("UPDATE groups SET members = members - 1 WHERE id = @groupId", new { groupId }, transaction);
            return GroupChange.Done;
        });

    /// <summary>
    /// The owner takes a published post out of the group: it leaves the group's page (and count) and stays the author's
    /// post everywhere else.
    /// </summary>
    public async Task<GroupChange> RemovePostAsync(Guid groupId, Guid postId, Guid userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var group = await connection.QuerySingleOrDefaultAsync<GroupState>("SELECT owner_id, status FROM groups WHERE id = @groupId", new { groupId });
        if (group is null || (group.Status != "published" && group.OwnerId != userId)) return GroupChange.NotFound;
        if (group.OwnerId != userId) return GroupChange.NotOwner;
        var removed = await connection.ExecuteAsync(
            """
            UPDATE posts SET removed_from_group_at = @now
            WHERE id = @postId AND group_id = @groupId AND removed_from_group_at IS NULL AND deleted_at IS NULL AND published_revision IS NOT NULL
            """,
            new { groupId, postId, now = time.GetUtcNow() });
        return removed == 0 ? GroupChange.PostNotFound : GroupChange.Done;
    }

    /// <summary>
    /// In the transaction that writes a post: whether its author may place it in the group (members of a published group
    /// only). The group row is share-locked first, so a leave or the group's deletion waits until the post is written.
    /// </summary>
    public static async Task<GroupChange> CheckPosterAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid groupId, Guid authorId)
    {
        var group = await connection.QuerySingleOrDefaultAsync<GroupState>(
            "SELECT owner_id, status FROM groups WHERE id = @groupId FOR SHARE", new { groupId }, transaction);
        if (group is null || (group.Status != "published" && group.OwnerId != authorId)) return GroupChange.NotFound;
        if (group.Status != "published") return GroupChange.NotPublished;
        // Read after the lock: a leave that committed while this waited is seen.
        var member = await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM group_members WHERE group_id = @groupId AND user_id = @authorId)", new { groupId, authorId }, transaction);
        return member ? GroupChange.Done : GroupChange.NotMember;
    }

    private async Task<GroupChange> ChangeMembershipAsync(
        Guid groupId, Guid userId, CancellationToken cancellationToken, Func<NpgsqlConnection, NpgsqlTransaction, GroupState, Task<GroupChange>> change)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var group = await connection.QuerySingleOrDefaultAsync<GroupState>(
            "SELECT owner_id, status FROM groups WHERE id = @groupId FOR UPDATE", new { groupId }, transaction);
        if (group is null) return GroupChange.NotFound;
        var outcome = await change(connection, transaction, group);
        if (outcome == GroupChange.Done) await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    private sealed record GroupState(Guid OwnerId, string Status);
}
