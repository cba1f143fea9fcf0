using Dapper;
using Npgsql;
using SocialCommerce.Contracts.Events.Catalog;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Catalog.DemoData;

/// <summary>
/// Two demo products submitted for review, so a fresh laptop shows moderation at work: one whose copy breaks the
/// advertising law (screening rejects it with the terms; its merchant can appeal) and one with contact details (it
/// waits in the moderators' queue). Their ProductSubmittedForReview events go through the outbox like any submission.
/// </summary>
internal static class DemoReviewQueue
{
    private static readonly (int ShopIndex, int CategoryId, string Title, string Description, string Spec, long Price)[] Products =
    [
        (1, 203, "武夷山大红袍 传统炭焙 全网最低价 销量第一", "核心产区岩茶，足火炭焙，岩韵明显。", "100克", 12900),
        (0, 204, "古法手工红糖 500克 老家甘蔗熬制", "无添加，量大从优，批发请加微 信 tangfang88 详谈。", "500克", 3990),
    ];

    public static async Task<int> SubmitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<Guid> shopIds, DateTimeOffset now)
    {
        var added = 0;
        for (var i = 0; i < Products.Length; i++)
        {
            var (shopIndex, categoryId, title, description, spec, price) = Products[i];
            var productId = Guid.Parse($"0190a004-0000-7000-8000-{i:x12}");
            var tags = new[] { "待审核示例" };
            var inserted = await connection.ExecuteAsync(
                """
                INSERT INTO products (id, shop_id, category_id, title, description, images, tags, status, revision, min_price, created_at, updated_at)
                VALUES (@productId, @shopId, @categoryId, @title, @description, '{}', @tags, 'pending-review', 1, @price, @now, @now)
                ON CONFLICT (id) DO NOTHING
                """,
                new { productId, shopId = shopIds[shopIndex], categoryId, title, description, tags, price, now }, transaction);
            if (inserted == 0) continue;

            await connection.ExecuteAsync(
                """
                INSERT INTO skus (id, product_id, attributes, attributes_key, price, list_price, available)
                VALUES (@skuId, @productId, jsonb_build_object('规格', @spec), '规格=' || @spec, @price, @price, 50);
                INSERT INTO price_history (sku_id, price, list_price, changed_at) VALUES (@skuId, @price, @price, @now);
                """,
                new { skuId = Guid.Parse($"0190a005-0000-7000-8000-{i:x12}"), productId, spec, price, now }, transaction);
            var merchantId = DemoCatalog.Shops[shopIndex].MerchantId;
            await Outbox.AddAsync(connection, transaction, new ProductSubmittedForReview(
                productId, 1, shopIds[shopIndex], merchantId, title, description, tags, [], now));
            added++;
        }

        return added;
    }
}
