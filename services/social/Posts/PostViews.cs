using Dapper;
using Npgsql;
using SocialCommerce.Social.Directory;

namespace SocialCommerce.Social.Posts;

/// <summary>Who wrote a post or comment: a user (nickname, avatar) or a shop (its name).</summary>
public sealed record AuthorView(string Kind, Guid Id, string Nickname, string? AvatarUrl);

/// <summary>
/// A post as api.md shows it. Others see the published revision; the author sees their newest revision with its
/// <see cref="Status"/> (pending, published or rejected) and moderation's <see cref="ModerationReasons"/> and case, when it
/// holds or refused that revision.
/// The "ByMe" fields are null for anonymous readers.
/// </summary>
public sealed record PostView(
    Guid PostId, AuthorView Author, string Text, IReadOnlyList<string> ImageUrls, IReadOnlyList<ProductView> Products,
    long Likes, long Comments, long Favourites, bool? LikedByMe, bool? FavouritedByMe, DateTime CreatedAt, DateTime? PublishedAt,
    string Status, int Revision, IReadOnlyList<string>? ModerationReasons, Guid? ModerationCaseId);

/// <summary>Reads posts into views: one query for the posts, one for their products, one batch each to identity and catalog.</summary>
public sealed class PostViews(UserCards users, ShopCards shops)
{
    /// <param name="publishedOnly">Show authors their published revision too (lists of public posts, such as a product's).</param>
    /// <returns>The posts the viewer may see, in the order of <paramref name="postIds"/>; the rest are left out.</returns>
    public async Task<IReadOnlyList<PostView>> LoadAsync(
        NpgsqlConnection connection, IReadOnlyList<Guid> postIds, Guid? viewerId, CancellationToken cancellationToken = default,
        bool publishedOnly = false)
    {
        if (postIds.Count == 0) return [];
        var rows = (await connection.QueryAsync<PostRow>(
            """
            SELECT p.id, p.author_kind, p.author_id, p.likes, p.comments, p.favourites, p.created_at, p.published_at,
                   r.revision, r.text, r.image_urls, r.product_ids, r.status, r.reasons, r.case_id,
                   p.published_revision IS NOT NULL AS published,
                   EXISTS (SELECT 1 FROM post_likes l WHERE l.post_id = p.id AND l.user_id = @viewer) AS liked,
                   EXISTS (SELECT 1 FROM favourites f WHERE f.user_id = @viewer AND f.target_kind = 'post' AND f.target_id = p.id) AS favourited
            FROM posts p
            JOIN post_revisions r ON r.post_id = p.id
             AND r.revision = CASE WHEN p.author_id = @viewer AND NOT @publishedOnly THEN p.latest_revision ELSE p.published_revision END
            WHERE p.id = ANY(@ids) AND p.deleted_at IS NULL
            """,
            new { ids = postIds.ToArray(), viewer = viewerId ?? Guid.Empty, publishedOnly })).ToDictionary(row => row.Id);
        var products = await ProductCards.LoadAsync(connection, rows.Values.SelectMany(row => row.ProductIds).ToList());
        var people = await users.ForDisplayAsync(rows.Values.Where(row => row.AuthorKind == "user").Select(row => row.AuthorId), cancellationToken);
        var shopCards = await shops.ForDisplayAsync(rows.Values.Where(row => row.AuthorKind == "shop").Select(row => row.AuthorId), cancellationToken);
        return postIds.Where(rows.ContainsKey).Select(id =>
        {
            var row = rows[id];
            var author = row.AuthorKind == "shop"
                ? new AuthorView("shop", row.AuthorId, shopCards[row.AuthorId].Name, null)
                : Author(people[row.AuthorId]);
            var mine = viewerId == row.AuthorId && !publishedOnly;
            var status = row.Status switch { "approved" => "published", var other => other };
            return new PostView(
                row.Id, author, row.Text, row.ImageUrls,
                row.ProductIds.Where(products.ContainsKey).Select(product => products[product]).ToList(),
                row.Likes, row.Comments, row.Favourites,
                viewerId is null ? null : row.Liked, viewerId is null ? null : row.Favourited,
                row.CreatedAt, row.Published ? row.PublishedAt : null, status, row.Revision,
                mine && row.Reasons.Length > 0 ? row.Reasons : null, mine ? row.CaseId : null);
        }).ToList();
    }

    public static AuthorView Author(PersonCard person) => new("user", person.UserId, person.Nickname, person.AvatarUrl);

    // Properties, not a positional record: Npgsql reports array columns as System.Array, which Dapper cannot match to a
    // constructor parameter.
    private sealed record PostRow
    {
        public Guid Id { get; init; }

        public string AuthorKind { get; init; } = "";

        public Guid AuthorId { get; init; }

        public long Likes { get; init; }

        public long Comments { get; init; }

        public long Favourites { get; init; }

        public DateTime CreatedAt { get; init; }

        public DateTime? PublishedAt { get; init; }

        public int Revision { get; init; }

        public string Text { get; init; } = "";

        public string[] ImageUrls { get; init; } = [];

        public Guid[] ProductIds { get; init; } = [];

        public string Status { get; init; } = "";

        public string[] Reasons { get; init; } = [];

        public Guid? CaseId { get; init; }

        public bool Published { get; init; }

        public bool Liked { get; init; }

        public bool Favourited { get; init; }
    }
}
