using SocialCommerce.Order.Carts;

namespace SocialCommerce.Order.DemoData;

/// <summary>
/// `order demo-data`: the demo shopper 小红 (13800000001) starts with two demo products in her cart, so a newcomer can
/// check out at once and pay on the sandbox page. Ids are identity's and catalog's fixed demo ids. A cart the shopper
/// already has is left alone.
/// </summary>
public static class DemoCart
{
    public static readonly Guid Shopper = Guid.Parse("0190a000-0000-7000-8000-000000000002");

    // Catalog's first SKUs of demo products 0 (云南古树普洱茶, 山野茶铺) and 4 (西湖龙井, same shop): one shop, one order.
    public static readonly CartLine[] Lines =
    [
        new(Guid.Parse("0190a002-0000-7000-8000-000000000000"), 1),
        new(Guid.Parse("0190a002-0000-7000-8000-000000000028"), 2),
    ];

    public static async Task SeedAsync(IServiceProvider services)
    {
        if (!services.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            throw new InvalidOperationException("demo-data runs only in Development.");
        }

        var created = await services.GetRequiredService<CartStore>().FillIfEmptyAsync(Shopper, Lines);
        Console.WriteLine(created ? "Demo shopper's cart filled (2 products)." : "Demo shopper already has a cart; left as it is.");
    }
}
