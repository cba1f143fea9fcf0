using Dapper;
using Npgsql;

namespace SocialCommerce.Social.Groups;

/// <summary>
/// What other services decide about groups, each in the inbox's transaction: moderation's verdicts and a member's erasure.
/// A group has one revision (it cannot be edited), so a verdict names the group and its status guards a redelivery.
/// </summary>
public sealed partial class GroupStore
{
    /// <summary>
    /// Published: listed, joinable, open to members' posts. A group approved on appeal after its rejection gave its name away
    /// stays rejected: two groups never share a name. (Should the other group commit that name at this very moment, the
    /// unique index fails this transaction and the redelivery sees the name taken.)
    /// </summary>
    public static Task ApproveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid groupId, Guid? caseId, DateTimeOffset decidedAt) =>
        connection.ExecuteAsync(
            """
            UPDATE groups g SET status = 'published', reasons = '{}', case_id = coalesce(@caseId, g.case_id),
                                published_at = coalesce(g.published_at, @decidedAt)
            WHERE g.id = @groupId AND g.status <> 'published'
              AND NOT EXISTS (SELECT 1 FROM groups other WHERE lower(other.name) = lower(g.name) AND other.status <> 'rejected' AND other.id <> g.id)
            """,
            new { groupId, caseId, decidedAt }, transaction);

    /// <summary>Refused (or an approval overturned): only its owner sees it, with the reasons; its members and posts stay as they are.</summary>
    public static Task RejectAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid groupId, IReadOnlyList<string> reasons, Guid? caseId) =>
        connection.ExecuteAsync(
            """
            UPDATE groups SET status = 'rejected', reasons = @reasons, case_id = coalesce(@caseId, case_id)
            WHERE id = @groupId AND status <> 'rejected'
            """,
            new { groupId, reasons = reasons.ToArray(), caseId }, transaction);

    /// <summary>Screening sent a pending group to a moderator: its owner sees why it waits and which case to follow.</summary>
    public static Task HoldAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid groupId, IReadOnlyList<string> reasons, Guid caseId) =>
        connection.ExecuteAsync(
            "UPDATE groups SET reasons = @reasons, case_id = @caseId WHERE id = @groupId AND status = 'pending'",
            new { groupId, reasons = reasons.ToArray(), caseId }, transaction);

    /// <summary>
    /// PIPL erasure: the user's memberships go (each count corrected), and the groups they own are deleted with their
    /// members, since a group's name and description are its owner's words. Posts placed in those groups are other
    /// people's and stay on their authors' profiles, detached. Every group touched is locked first, in id order, as a
    /// membership change or a post placed in a group would lock it.
    /// </summary>
    public static Task EraseUserAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid userId) =>
        connection.ExecuteAsync(
            """
            SELECT id FROM groups WHERE owner_id = @userId OR id IN (SELECT group_id FROM group_members WHERE user_id = @userId)
            ORDER BY id FOR UPDATE;

            WITH gone AS (DELETE FROM group_members WHERE user_id = @userId RETURNING group_id)
            UPDATE groups SET members = members - 1 FROM gone WHERE groups.id = gone.group_id;

            UPDATE posts SET group_id = NULL, removed_from_group_at = NULL WHERE group_id IN (SELECT id FROM groups WHERE owner_id = @userId);
            DELETE FROM groups WHERE owner_id = @userId;
            """,
            new { userId }, transaction);
}
