using Dapper;
using Npgsql;
using SocialCommerce.Social.CheckIns;
using SocialCommerce.Social.Directory;
using SocialCommerce.Social.Engagement;
using SocialCommerce.Social.Graph;
using SocialCommerce.Social.Groups;
using SocialCommerce.Social.Posts;

namespace SocialCommerce.Social.DemoData;

/// <summary>
/// `social demo-data`: the demo people follow each other and two shops (山野茶铺, 数码小站), and write a dozen posts about
/// demo products, which go through moderation like any post; once they are published the others like and comment on
/// them, so the demo shopper 小红 opens a living feed; 小红 also runs an interest group, 「喝茶的人」. Ids are identity's and
/// catalog's fixed demo ids. Follows are idempotent; posts, likes, comments and the group are written only on the first run.
/// </summary>
public static class DemoSocial
{
    private static readonly Guid Admin = Guid.Parse("0190a000-0000-7000-8000-000000000001");
    private static readonly Guid Shopper = Guid.Parse("0190a000-0000-7000-8000-000000000002");
    private static readonly Guid Moderator = Guid.Parse("0190a000-0000-7000-8000-000000000006");
    private static readonly Guid TeaShop = Guid.Parse("0190a000-0000-7000-8000-000000000004");
    private static readonly Guid GadgetShop = Guid.Parse("0190a000-0000-7000-8000-000000000005");

    // Catalog's demo products are 0190a001-…-{n}: family n / 4, variant n % 4 (services/catalog/DemoData/DemoCatalog.cs).
    private static Guid Product(int n) => Guid.Parse($"0190a001-0000-7000-8000-{n:x12}");

    private static readonly (Guid Author, string Text, int[] Products)[] Posts =
    [
        (Moderator, "周末泡了一壶古树普洱，汤色红亮，回甘很舒服，喜欢熟茶的朋友可以试试。", [0]),
        (Moderator, "新到的明前龙井，豆花香很明显，配一块绿豆糕刚刚好。", [4]),
        (Moderator, "空气炸锅做鸡翅，二十分钟出锅，外酥里嫩，厨房也没有油烟。", [92]),
        (Moderator, "通勤路上戴降噪耳机听播客，地铁里也清清静静。", [80, 81]),
        (Admin, "阿克苏的冰糖心苹果到了，切开真的有糖心，脆甜多汁。", [16]),
        (Admin, "给家里换了长绒棉四件套，洗了两次依然柔软，睡得很踏实。", [68]),
        (Admin, "出差带上氮化镓充电器，一个头给手机和电脑一起充，行李轻了不少。", [96]),
        (Admin, "孩子的益智积木，拼了一下午的城堡，比看动画片强多了。", [76]),
        (Shopper, "头一回喝岩茶，炭焙的香气很特别，茶友们有什么冲泡建议吗？", [12]),
        (Shopper, "囤了一箱赣南脐橙，皮薄汁多，一天两个刚刚好。", [20, 21]),
        (Shopper, "跑步鞋轻便透气，周末跑了十公里脚也不累。", [48]),
        (Shopper, "今天的下午茶：铁观音配坚果，简单又满足。", [8, 32]),
    ];

    private static readonly string[] Comments = ["看起来不错，已加购物车！", "同款，确实好用。", "请问回购过吗？", "收藏了，下次试试。"];

    public static async Task SeedAsync(IServiceProvider services)
    {
        if (!services.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            throw new InvalidOperationException("demo-data runs only in Development.");
        }

        var follows = services.GetRequiredService<FollowStore>();
        (Guid Follower, Guid Target, string Kind)[] graph =
        [
            (Shopper, Admin, "user"), (Shopper, Moderator, "user"), (Admin, Shopper, "user"), (Admin, Moderator, "user"),
            (Moderator, Shopper, "user"), (Moderator, Admin, "user"), (Shopper, TeaShop, "shop"), (Shopper, GadgetShop, "shop"),
        ];
        foreach (var (follower, target, kind) in graph) await follows.FollowAsync(follower, target, kind);

        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync();
        await AddListingPostsAsync(services, connection);
        await AddCheckInStreakAsync(services, connection);
        await AddTeaGroupAsync(services, connection);
        await DemoReviews.SeedAsync(services, connection);
        if (await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM posts WHERE author_id = ANY(@ids) AND group_id IS NULL)",
                new { ids = new[] { Admin, Shopper, Moderator } }))
        {
            Console.WriteLine("Demo social: follows in place; the demo posts were written before (left as they are).");
            return;
        }

        var cards = await services.GetRequiredService<ProductCards>().FetchAsync(Posts.SelectMany(post => post.Products).Select(Product).Distinct().ToList());
        var store = services.GetRequiredService<PostStore>();
        var postIds = new List<Guid>();
        foreach (var (author, text, products) in Posts)
        {
            var onSale = products.Select(Product).Where(id => cards.TryGetValue(id, out var card) && card.Listed).ToArray();
            postIds.Add(await store.CreateAsync(author, new PostDraft(text, [], onSale)));
        }

        var published = await WaitForPublicationAsync(connection, postIds, TimeSpan.FromSeconds(60));
        Console.WriteLine($"Demo social: {graph.Length} follows, {postIds.Count} posts written, {published.Count} published by moderation so far.");

        var reactions = services.GetRequiredService<Reactions>();
        var comments = services.GetRequiredService<CommentStore>();
        var people = new[] { Admin, Shopper, Moderator };
        for (var i = 0; i < published.Count; i++)
        {
            var (postId, author) = published[i];
            foreach (var fan in people.Where(person => person != author)) await reactions.LikeAsync(postId, fan);
            var commenter = people.First(person => person != author);
            await comments.AddAsync(postId, commenter, Comments[i % Comments.Length], replyTo: null);
        }
    }

    /// <summary>
    /// 小红 checked in on the six days before the first seeding, so the account page shows a streak she can extend today.
    /// Past days announce nothing (no rewards existed then); a shopper who has any check-in is left alone.
    /// </summary>
    private static async Task AddCheckInStreakAsync(IServiceProvider services, NpgsqlConnection connection)
    {
        var today = services.GetRequiredService<CheckInStore>().Today();
        await connection.ExecuteAsync(
            """
            INSERT INTO check_ins (user_id, day, streak, checked_at)
            SELECT @Shopper, @today::date - n, 7 - n, (@today::date - n + time '08:00') AT TIME ZONE 'Asia/Shanghai'
            FROM generate_series(1, 6) AS n
            WHERE NOT EXISTS (SELECT 1 FROM check_ins WHERE user_id = @Shopper)
            """,
            new { Shopper, today = today.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified) });
    }

    /// <summary>
    /// 小红's interest group 「喝茶的人」, moderated like any group; once it is published the other two demo people join and
    /// 小红 writes a post in it (moderated like any post). Only when she owns no group yet, so a second run adds nothing.
    /// </summary>
    private static async Task AddTeaGroupAsync(IServiceProvider services, NpgsqlConnection connection)
    {
        if (await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM groups WHERE owner_id = @Shopper)", new { Shopper })) return;
        var groups = services.GetRequiredService<GroupStore>();
        var groupId = await groups.CreateAsync(Shopper, "喝茶的人", "聊聊每天喝的茶：绿茶、岩茶、普洱都欢迎，分享冲泡心得和好茶好物。");
        if (groupId is not Guid id) return;
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!await connection.ExecuteScalarAsync<bool>("SELECT status = 'published' FROM groups WHERE id = @id", new { id }) && DateTime.UtcNow < until)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        var joined = 0;
        foreach (var member in new[] { Admin, Moderator })
        {
            if (await groups.JoinAsync(id, member) == GroupChange.Done) joined++;
        }

        var posted = joined > 0 && await services.GetRequiredService<PostStore>().WriteAsync(Shopper,
            new PostDraft("喝茶的人集合！今天泡的是凤凰单丛，蜜兰香很足。大家最近都在喝什么？", [], [], id)) is (GroupChange.Done, _);
        Console.WriteLine($"Demo social: group 喝茶的人 with {joined + 1} members{(posted ? " and a post" : " (not published by moderation yet)")}.");
    }

    /// <summary>
    /// The followed shops' three latest listings as shop posts, as ProductListed makes them; catalog's demo listings announced
    /// themselves before social was running on an existing data folder. Once per product, so a second run adds nothing.
    /// </summary>
    private static async Task AddListingPostsAsync(IServiceProvider services, NpgsqlConnection connection)
    {
        var cards = await services.GetRequiredService<ProductCards>().FetchAsync(Enumerable.Range(0, 100).Select(Product).ToList());
        var store = services.GetRequiredService<PostStore>();
        var latest = cards.Values
            .Where(card => card.Listed && card.ListedAt.Length > 0 && (Guid.Parse(card.ShopId) == TeaShop || Guid.Parse(card.ShopId) == GadgetShop))
            .GroupBy(card => card.ShopId)
            .SelectMany(shop => shop.OrderByDescending(card => card.ListedAt, StringComparer.Ordinal).Take(3));
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var card in latest)
        {
            await store.AddListingPostAsync(connection, transaction, Guid.Parse(card.ShopId), Guid.Parse(card.ProductId), card.Title,
                DateTimeOffset.Parse(card.ListedAt, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow);
        }

        await transaction.CommitAsync();
    }

    private static async Task<List<(Guid PostId, Guid Author)>> WaitForPublicationAsync(NpgsqlConnection connection, List<Guid> postIds, TimeSpan patience)
    {
        var until = DateTime.UtcNow + patience;
        while (true)
        {
            var published = (await connection.QueryAsync<(Guid, Guid)>(
                "SELECT id, author_id FROM posts WHERE id = ANY(@postIds) AND published_revision IS NOT NULL", new { postIds })).ToList();
            if (published.Count == postIds.Count || DateTime.UtcNow > until) return published;
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }
}
