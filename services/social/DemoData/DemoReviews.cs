using Dapper;
using Npgsql;
using SocialCommerce.Contracts.Order.V1;
using SocialCommerce.Social.Reviews;

namespace SocialCommerce.Social.DemoData;

/// <summary>
/// Reviews of the demo people's completed tea orders (order's demo data, services/order/DemoData/DemoOrders.cs), written
/// through the store with order's gRPC answer like any review and published by moderation; dated to a few days after
/// delivery, with two 追评. The purchases also feed "friends bought": 小红 follows the admin and the moderator, who share
/// their purchases (identity's demo consents), so 西湖龙井's page shows them. Only when no demo review exists yet.
/// </summary>
public static class DemoReviews
{
    private static readonly Guid Admin = Guid.Parse("0190a000-0000-7000-8000-000000000001");
    private static readonly Guid Shopper = Guid.Parse("0190a000-0000-7000-8000-000000000002");
    private static readonly Guid Moderator = Guid.Parse("0190a000-0000-7000-8000-000000000006");

    private static Guid Order(int n) => Guid.Parse($"0190a00a-0000-7000-8000-{n:x12}");

    private static Guid Product(int n) => Guid.Parse($"0190a001-0000-7000-8000-{n:x12}");

    private static readonly (Guid OrderId, Guid Author, int Product, int DaysAgo, int Rating, string Text, string? FollowUp)[] Reviews =
    [
        (Order(1), Shopper, 4, 38, 5, "明前的嫩芽很整齐，豆花香清清爽爽，第三泡还有回甘，包装也很用心。", "喝了一个月，每天一杯，香气一直稳定，准备回购礼盒装送长辈。"),
        (Order(2), Shopper, 0, 23, 4, "熟茶汤色红浓，陈香明显，就是茶饼压得有点紧，撬的时候要小心。", null),
        (Order(3), Admin, 4, 28, 4, "口感鲜爽，价格略贵，但比超市买的新鲜很多。", null),
        (Order(4), Admin, 8, 18, 5, "兰花香很足，七泡以后还有余味，办公室同事都来蹭茶。", "追加一句：小泡袋装出差带着特别方便。"),
        (Order(5), Moderator, 4, 13, 5, "收到当天就泡了，叶底嫩绿匀整，客服回复也很及时。", null),
        (Order(6), Moderator, 0, 10, 3, "味道不错，不过我更喜欢生茶，熟茶的堆味对我来说稍重。", null),
    ];

    public static async Task SeedAsync(IServiceProvider services, NpgsqlConnection connection)
    {
        if (await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM reviews WHERE order_id = ANY(@ids))",
                new { ids = Reviews.Select(review => review.OrderId).ToArray() })) return;

        var purchases = services.GetRequiredService<Purchases.PurchasesClient>();
        var store = services.GetRequiredService<ReviewStore>();
        var written = 0;
        foreach (var (orderId, author, product, daysAgo, rating, text, followUp) in Reviews)
        {
            var productId = Product(product);
            var purchase = await purchases.GetPurchaseAsync(new GetPurchaseRequest
            {
                UserId = author.ToString(), OrderId = orderId.ToString(), ProductId = productId.ToString(),
            });
            var (outcome, reviewId) = await store.CreateAsync(author, productId, new ReviewDraft(orderId, rating, text, []), purchase);
            if (outcome != ReviewOutcome.Done) continue;
            written++;
            await connection.ExecuteAsync(
                """
                UPDATE reviews SET created_at = now() - make_interval(days => @daysAgo) WHERE id = @reviewId;
                INSERT INTO purchases (product_id, user_id, paid_at) VALUES (@productId, @author, now() - make_interval(days => @daysAgo + 4))
                ON CONFLICT DO NOTHING;
                """,
                new { reviewId, daysAgo, productId, author });
            if (followUp is not null) await store.AddFollowUpAsync(reviewId, author, new ReviewDraft(orderId, 0, followUp, []));
        }

        Console.WriteLine($"Demo social: {written} reviews of the demo people's tea orders (published once moderation passes them).");
    }
}
