using Dapper;
using Npgsql;
using SocialCommerce.Contracts.Events.Catalog;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Catalog.DemoData;

/// <summary>
/// <c>catalog demo-data</c>: shops for identity's demo merchants, 100 listed products (<see cref="DemoCatalog"/>) and two
/// submitted for review (<see cref="DemoReviewQueue"/>).
/// Fixed ids and ON CONFLICT DO NOTHING make a second run add nothing. Development only, like identity's.
/// </summary>
public static class DemoDataCommand
{
    private static readonly DateTime FirstListing = new(2026, 6, 1, 2, 0, 0, DateTimeKind.Utc);

    public static async Task RunAsync(IServiceProvider services)
    {
        if (!services.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            throw new InvalidOperationException("demo-data runs only in Development.");
        }

        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var shopIds = new List<Guid>();
        for (var i = 0; i < DemoCatalog.Shops.Length; i++)
        {
            var (merchantId, name) = DemoCatalog.Shops[i];
            // The shop takes the merchant's id; a shop the merchant already has (opened another way) is kept.
            shopIds.Add(await connection.ExecuteScalarAsync<Guid>(
                """
                INSERT INTO shops (id, merchant_id, application_id, name) VALUES (@merchantId, @merchantId, @applicationId, @name)
                ON CONFLICT DO NOTHING;
                SELECT id FROM shops WHERE merchant_id = @merchantId;
                """,
                new { merchantId, applicationId = DemoId(0xa003, i), name }, transaction));
        }

        var added = 0;
        for (var n = 0; n < DemoCatalog.Families.Length * 4; n++)
        {
            if (await AddProductAsync(connection, transaction, n, shopIds)) added++;
        }

        var submitted = await DemoReviewQueue.SubmitAsync(connection, transaction, shopIds, DateTimeOffset.UtcNow);
        var campaigns = await DemoCampaigns.AddAsync(connection, transaction, DateTimeOffset.UtcNow);
        await transaction.CommitAsync();
        Console.WriteLine($"demo catalogue: {shopIds.Count} shops, {added} product(s) added, {DemoCatalog.Families.Length * 4 - added} already there, " +
            $"{submitted} submitted for review, {campaigns} campaign(s) added");
    }

    private static async Task<bool> AddProductAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int n, List<Guid> shopIds)
    {
        var family = DemoCatalog.Families[n / 4];
        var variant = n % 4;
        var productId = DemoId(0xa001, n);
        var listedAt = FirstListing.AddHours(n * 13);
        var skuPrices = Enumerable.Range(0, Math.Min(1 + n % 3, family.SpecValues.Length))
            .Select(j => RetailPrice(family.PriceFen * (100 + variant * 20) * (10 + j * 6) / 1000))
            .ToList();
        var product = new
        {
            productId, shopId = shopIds[family.ShopIndex], categoryId = family.CategoryId, title = $"{family.Name} {family.Variants[variant]}",
            description = $"{family.Description}{family.Name}（{family.Variants[variant]}），{DemoCatalog.Shops[family.ShopIndex].Name}发货，七天无理由退货。",
            images = new[] { $"https://picsum.photos/seed/sc-demo-{n}/800/800", $"https://picsum.photos/seed/sc-demo-{n}-b/800/800" },
            tags = family.Tags, minPrice = skuPrices.Min(), sales = n * 37 % 1500, listedAt,
        };
        var inserted = await connection.ExecuteAsync(
            """
            INSERT INTO products (id, shop_id, category_id, title, description, images, tags, status, min_price, sales, created_at, updated_at, listed_at)
            VALUES (@productId, @shopId, @categoryId, @title, @description, @images, @tags, 'listed', @minPrice, @sales,
                    @listedAt - interval '1 day', @listedAt, @listedAt)
            ON CONFLICT (id) DO NOTHING
            """, product, transaction);
        if (inserted == 0) return false;

        for (var j = 0; j < skuPrices.Count; j++)
        {
            var skuId = DemoId(0xa002, n * 10 + j);
            var price = skuPrices[j];
            var listPrice = RetailPrice(price * 13 / 10);
            await connection.ExecuteAsync(
                """
                INSERT INTO skus (id, product_id, attributes, attributes_key, price, list_price, available, sold)
                VALUES (@skuId, @productId, jsonb_build_object(@key, @value), @key || '=' || @value, @price, @listPrice, @available, @sold)
                """,
                new { skuId, productId, key = family.SpecKey, value = family.SpecValues[j], price, listPrice, available = 20 + (n * 53 + j * 17) % 480, sold = n * 37 % 1500 / (j + 1) },
                transaction);
            foreach (var (at, historic) in PriceHistory(price, n, listedAt.AddDays(-1)))
            {
                await connection.ExecuteAsync(
                    "INSERT INTO price_history (sku_id, price, list_price, changed_at) VALUES (@skuId, @historic, @listPrice, @at)",
                    new { skuId, historic, listPrice, at }, transaction);
            }
        }

        await Outbox.AddAsync(connection, transaction, new ProductListed(
            productId, product.shopId, product.categoryId, product.title, product.tags, product.minPrice, "CNY", listedAt, product.images[0]));
        return true;
    }

    // Most SKUs keep their first price; every fourth product was cut after three weeks and every seventh ran a
    // promotion, so the price-history page has something to show. The last row is always the current price.
    private static IEnumerable<(DateTime At, long Price)> PriceHistory(long price, int n, DateTime createdAt)
    {
        if (n % 4 == 1)
        {
            yield return (createdAt, RetailPrice(price * 115 / 100));
            yield return (createdAt.AddDays(21), price);
        }
        else if (n % 7 == 3)
        {
            yield return (createdAt, price);
            yield return (createdAt.AddDays(10), RetailPrice(price * 85 / 100));
            yield return (createdAt.AddDays(17), price);
        }
        else
        {
            yield return (createdAt, price);
        }
    }

    // Shop prices end in 9.90 yuan: rounded to whole yuan in fen, less 10 fen.
    private static long RetailPrice(long fen) => Math.Max(990, (fen + 50) / 100 * 100 - 10);

    // UUIDv7-shaped fixed ids: a kind in the first group, the position in the last.
    private static Guid DemoId(int kind, int position) => Guid.Parse($"0190{kind:x4}-0000-7000-8000-{position:x12}");
}
