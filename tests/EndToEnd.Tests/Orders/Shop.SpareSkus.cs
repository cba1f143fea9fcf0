using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace SocialCommerce.EndToEnd.Tests.Orders;

public static partial class Shop
{
    private static readonly SemaphoreSlim Listing = new(1, 1);

    /// <summary>
    /// The journeys take more SKUs than the demo shop has: its merchant lists products of 50 spare SKUs each, through the
    /// seller API and moderation as any product, until the shop lists <paramref name="needed"/> SKUs with enough stock (the
    /// ones taken included). One lister at a time, each counting again first, so journeys short at once list once.
    /// </summary>
    private static async Task ListSpareSkusAsync(int needed, int minAvailable)
    {
        await Listing.WaitAsync();
        try
        {
            using var merchant = await MerchantAsync();
            while ((await ListedSkusAsync(minAvailable)).Count < needed)
            {
                var created = await merchant.PostAsJsonAsync("/api/seller/products", SpareProduct());
                Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
                var productId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("productId").GetGuid();
                var submitted = await merchant.PostAsync($"/api/seller/products/{productId}/submit", null);
                Assert.That(submitted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await submitted.Content.ReadAsStringAsync());
                var status = await Eventually.WaitForAsync(() => ProductStatusAsync(productId), s => s == "listed", TimeSpan.FromSeconds(30));
                Assert.That(status, Is.EqualTo("listed"), $"spare product {productId} was not listed");
            }
        }
        finally
        {
            Listing.Release();
        }
    }

    private static object SpareProduct() => new
    {
        title = "抽屉式收纳盒 多格",
        description = "桌面抽屉两用，分格收纳小物。",
        categoryId = 503,
        images = new[] { "https://img.example.com/spare/1.jpg" },
        tags = new[] { "收纳" },
        skus = Enumerable.Range(1, 50).Select(n => new
        {
            attributes = new Dictionary<string, string> { ["款式"] = $"{n} 号" },
            price = new { amount = 1990 + n, currency = "CNY" },
            listPrice = new { amount = 2990, currency = "CNY" },
            stock = 100,
        }),
    };

    private static async Task<string?> ProductStatusAsync(Guid productId)
    {
        await using var connection = new NpgsqlConnection(Platform.Instance.CatalogDatabase);
        return await connection.ExecuteScalarAsync<string?>("SELECT status FROM products WHERE id = @productId", new { productId });
    }
}
