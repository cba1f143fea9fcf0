using Npgsql;
using SocialCommerce.Recommendation.Evaluation;
using SocialCommerce.Recommendation.Ingest;
using SocialCommerce.Recommendation.Models;

namespace SocialCommerce.Recommendation.DemoData;

/// <summary>
/// `recommendation demo-data`: order's demo orders (services/order/DemoData/DemoOrders.cs) are history written without
/// events, so their purchases are copied here under the same order ids. With social's demo follows and likes and identity's
/// demo consents arriving as events, 小红's for-you page shows 铁观音 as friends-bought (the admin bought it) and similar to
/// her 西湖龙井. Keyed like any purchase, so running it twice changes nothing; then the taste model is trained and a
/// demo-sized offline evaluation stored, as the nightly jobs would.
/// </summary>
public static class DemoPurchases
{
    private static readonly Guid Admin = Guid.Parse("0190a000-0000-7000-8000-000000000001");
    private static readonly Guid Shopper = Guid.Parse("0190a000-0000-7000-8000-000000000002");
    private static readonly Guid Moderator = Guid.Parse("0190a000-0000-7000-8000-000000000006");

    // Catalog's demo product n is 0190a001-…-{n}: 0 云南古树普洱茶, 4 西湖龙井, 8 铁观音.
    private static Guid Product(int n) => Guid.Parse($"0190a001-0000-7000-8000-{n:x12}");

    private static readonly (Guid OrderId, Guid UserId, int Product, int DaysAgo)[] Orders =
    [
        (Guid.Parse("0190a00a-0000-7000-8000-000000000001"), Shopper, 4, 40),
        (Guid.Parse("0190a00a-0000-7000-8000-000000000002"), Shopper, 0, 25),
        (Guid.Parse("0190a00a-0000-7000-8000-000000000003"), Admin, 4, 30),
        (Guid.Parse("0190a00a-0000-7000-8000-000000000004"), Admin, 8, 20),
        (Guid.Parse("0190a00a-0000-7000-8000-000000000005"), Moderator, 4, 15),
        (Guid.Parse("0190a00a-0000-7000-8000-000000000006"), Moderator, 0, 12),
    ];

    public static readonly ShopShape DemoEvaluation = new(Users: 5_000, Products: 2_000, Interactions: 100_000);

    public static async Task SeedAsync(IServiceProvider services)
    {
        if (!services.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            throw new InvalidOperationException("demo-data runs only in Development.");
        }

        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        foreach (var (orderId, userId, product, daysAgo) in Orders)
        {
            await Signals.RecordAsync(connection, userId, [Product(product)], Signals.Purchase, orderId.ToString("N"), Signals.PurchaseWeight,
                DateTimeOffset.UtcNow.AddDays(-daysAgo));
        }

        Console.WriteLine($"Demo recommendation: {Orders.Length} demo purchases in place; the model job picks them up on its next run.");
        // What the nightly jobs would have left: taste candidates, and an evaluation (demo-sized, seconds instead of a
        // minute or two; `recommendation evaluate` runs benchmark P6's size) for the admin endpoint.
        await services.GetRequiredService<NightlyCandidates>().RunAsync(new AlsSettings());
        await EvaluationCommand.RunAsync(services, DemoEvaluation);
    }
}
