using System.Text.Json;
using Dapper;
using Npgsql;
using SocialCommerce.Contracts.Catalog.V1;
using SocialCommerce.Order.Orders;

namespace SocialCommerce.Order.DemoData;

/// <summary>
/// `order demo-data`, second part: the three demo people received tea from 山野茶铺 a few weeks ago (completed orders), so
/// social's demo data can write verified-purchase reviews of them and show "friends bought". Lines are priced by
/// catalog's own quote; the orders are history, so no stock moves and no events go out. Written once (fixed ids).
/// </summary>
public static class DemoOrders
{
    private static readonly Guid Admin = Guid.Parse("0190a000-0000-7000-8000-000000000001");
    private static readonly Guid Moderator = Guid.Parse("0190a000-0000-7000-8000-000000000006");

    // Catalog's demo SKU of product n's first variant is 0190a002-…-{n * 10}: 0 云南古树普洱茶, 4 西湖龙井, 8 铁观音.
    private static Guid Sku(int product) => Guid.Parse($"0190a002-0000-7000-8000-{product * 10:x12}");

    /// <summary>The demo orders social reviews: id, buyer, product number, days ago it was delivered.</summary>
    public static readonly (Guid OrderId, Guid UserId, int Product, int DaysAgo)[] Orders =
    [
        (Guid.Parse("0190a00a-0000-7000-8000-000000000001"), DemoCart.Shopper, 4, 40),
        (Guid.Parse("0190a00a-0000-7000-8000-000000000002"), DemoCart.Shopper, 0, 25),
        (Guid.Parse("0190a00a-0000-7000-8000-000000000003"), Admin, 4, 30),
        (Guid.Parse("0190a00a-0000-7000-8000-000000000004"), Admin, 8, 20),
        (Guid.Parse("0190a00a-0000-7000-8000-000000000005"), Moderator, 4, 15),
        (Guid.Parse("0190a00a-0000-7000-8000-000000000006"), Moderator, 0, 12),
    ];

    private static readonly Dictionary<Guid, ShippingAddress> Addresses = new()
    {
        [DemoCart.Shopper] = new("小红", "13800000001", "浙江省杭州市西湖区", "文三路 90 号 8 幢 301"),
        [Admin] = new("管理员", "13800000000", "上海市浦东新区", "世纪大道 100 号"),
        [Moderator] = new("审核员", "13800000005", "北京市海淀区", "中关村大街 27 号"),
    };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task SeedAsync(IServiceProvider services)
    {
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync();
        if (await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM orders WHERE id = @id)", new { id = Orders[0].OrderId }))
        {
            Console.WriteLine("Demo orders: written before (left as they are).");
            return;
        }

        var quoteRequest = new QuoteRequest();
        quoteRequest.Lines.AddRange(Orders.Select(order => order.Product).Distinct().Select(product => new Line { SkuId = Sku(product).ToString(), Quantity = 1 }));
        var quote = await services.GetRequiredService<Stock.StockClient>().QuoteAsync(quoteRequest);
        var lines = quote.Lines.ToDictionary(line => Guid.Parse(line.SkuId));
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var (orderId, userId, product, daysAgo) in Orders)
        {
            if (!lines.TryGetValue(Sku(product), out var line)) continue;
            var delivered = DateTimeOffset.UtcNow.AddDays(-daysAgo);
            await connection.ExecuteAsync(
                """
                INSERT INTO orders (id, order_no, user_id, shop_id, merchant_id, status, total, currency, shipping_address, paid_amount,
                                    created_at, expires_at, paid_at, shipped_at, delivered_at, completed_at, updated_at)
                VALUES (@orderId, to_char(@placed AT TIME ZONE 'Asia/Shanghai', 'YYMMDD') || lpad(nextval('order_numbers')::text, 8, '0'),
                        @userId, @shopId, @merchantId, 'completed', @price, @currency, @address::jsonb, @price,
                        @placed, @placed, @placed, @placed + interval '1 day', @delivered, @delivered + interval '7 days', @delivered);
                INSERT INTO order_lines (order_id, sku_id, product_id, title, attributes, unit_price, quantity)
                VALUES (@orderId, @skuId, @productId, @title, @attributes::jsonb, @price, 1);
                INSERT INTO order_status_history (order_id, status, note, at)
                VALUES (@orderId, 'paid', 'demo order', @placed), (@orderId, 'shipped', NULL, @placed + interval '1 day'),
                       (@orderId, 'delivered', NULL, @delivered), (@orderId, 'completed', NULL, @delivered + interval '7 days');
                """,
                new
                {
                    orderId, userId, shopId = Guid.Parse(line.ShopId), merchantId = Guid.Parse(line.MerchantId), price = line.Price.Amount,
                    currency = line.Price.Currency, placed = delivered.AddDays(-3), delivered, skuId = Sku(product), productId = Guid.Parse(line.ProductId),
                    title = line.Title, attributes = JsonSerializer.Serialize(line.Attributes.ToDictionary(), Json),
                    address = JsonSerializer.Serialize(Addresses[userId], Json),
                });
        }
        await transaction.CommitAsync();
        Console.WriteLine($"Demo orders: {Orders.Length} completed tea orders of the demo people.");
    }
}
