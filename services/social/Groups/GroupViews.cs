using Dapper;
using Npgsql;
using SocialCommerce.Social.Directory;

namespace SocialCommerce.Social.Groups;

public sealed record GroupOwnerView(Guid UserId, string Nickname, string? AvatarUrl);

/// <summary>
/// A group as api.md shows it. Others see published groups only; the owner also sees a pending or rejected one with
/// moderation's reasons and case. <see cref="JoinedByMe"/> is null for anonymous readers.
/// </summary>
public sealed record GroupView(
    Guid GroupId, string Name, string Description, GroupOwnerView Owner, long Members, long Posts, bool? JoinedByMe,
    DateTime CreatedAt, DateTime? PublishedAt, string Status, IReadOnlyList<string>? ModerationReasons, Guid? ModerationCaseId);

/// <summary>Reads groups into views: one query for the groups and their counts, one batch to identity for the owners.</summary>
public sealed class GroupViews(UserCards users)
{
    /// <returns>The groups the viewer may see, in the order of <paramref name="groupIds"/>; the rest are left out.</returns>
    public async Task<IReadOnlyList<GroupView>> LoadAsync(
        NpgsqlConnection connection, IReadOnlyList<Guid> groupIds, Guid? viewerId, CancellationToken cancellationToken = default)
    {
        if (groupIds.Count == 0) return [];
        // Posts are counted here, not kept as a counter: a post leaves a group's count when it is deleted, withdrawn by
        // moderation, taken out by the owner or erased, and counting the group's index range (posts_group) is exact after
        // every one of them with nothing to keep in step. A page of groups costs one index count each.
        var rows = (await connection.QueryAsync<GroupRow>(
            """
            SELECT g.id, g.owner_id, g.name, g.description, g.status, g.reasons, g.case_id, g.members, g.created_at, g.published_at,
                   (SELECT count(*) FROM posts p
                    WHERE p.group_id = g.id AND p.removed_from_group_at IS NULL AND p.deleted_at IS NULL AND p.published_revision IS NOT NULL) AS posts,
                   EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = g.id AND m.user_id = @viewer) AS joined
            FROM groups g
            WHERE g.id = ANY(@ids) AND (g.status = 'published' OR g.owner_id = @viewer)
            """,
            new { ids = groupIds.ToArray(), viewer = viewerId ?? Guid.Empty })).ToDictionary(row => row.Id);
        var owners = await users.ForDisplayAsync(rows.Values.Select(row => row.OwnerId), cancellationToken);
        return groupIds.Where(rows.ContainsKey).Select(id =>
        {
            var row = rows[id];
            var owner = owners[row.OwnerId];
            var mine = viewerId == row.OwnerId;
            return new GroupView(
                row.Id, row.Name, row.Description, new GroupOwnerView(owner.UserId, owner.Nickname, owner.AvatarUrl), row.Members, row.Posts,
                viewerId is null ? null : row.Joined, row.CreatedAt, row.PublishedAt, row.Status,
                mine && row.Reasons.Length > 0 ? row.Reasons : null, mine ? row.CaseId : null);
        }).ToList();
    }

    // Properties, not a positional record: Npgsql reports array columns as System.Array, which Dapper cannot match to a
    // constructor parameter.
    private sealed record GroupRow
    {
        public Guid Id { get; init; }

        public Guid OwnerId { get; init; }

        public string Name { get; init; } = "";

        public string Description { get; init; } = "";

        public string Status { get; init; } = "";

        public string[] Reasons { get; init; } = [];

        public Guid? CaseId { get; init; }

        public long Members { get; init; }

        public long Posts { get; init; }

        public bool Joined { get; init; }

        public DateTime CreatedAt { get; init; }

        public DateTime? PublishedAt { get; init; }
    }
}
