using System.Net.Http.Json;
using System.Text.Json;

namespace SocialCommerce.Catalog.Tests.Browse;

/// <summary>
/// A common term fills the first relevance page from the best sellers' titles without ranking every match; this
/// proves that page and the pages after it are exactly what full ranking gives.
/// </summary>
public sealed class RelevancePagingTests : CatalogFixture
{
    [Test]
    public async Task Search_CommonTermFirstPageFromBestSellers_SameOrderAsFullRankingAcrossPages()
    {
        var shopId = await App.NewShopAsync("分页测试店");
        var expected = new List<Guid>();
        // Title matches first by sales; tag-only matches after them even where they sell more; others never.
        var titled = new List<(Guid Id, long Sales)>();
        for (var i = 0; i < 12; i++)
        {
            var sales = (i * 37) % 13 * 10 + i;
            titled.Add((await App.AddProductAsync(shopId, $"龙井绿茶 第{i}号", sales: sales), sales));
        }

        var tagged = await App.AddProductAsync(shopId, "西湖明前 礼盒", tags: ["绿茶"], sales: 100_000);
        await App.AddProductAsync(shopId, "安吉白茶 散装", sales: 50_000);
        expected.AddRange(titled.OrderByDescending(t => t.Sales).ThenByDescending(t => t.Id).Select(t => t.Id));
        expected.Add(tagged);

        var seen = new List<Guid>();
        string? cursor = null;
        using var client = App.CreateClient();
        do
        {
            var url = $"/api/catalog/products?q={Uri.EscapeDataString("绿茶")}&shopId={shopId}&limit=5"
                + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = await client.GetFromJsonAsync<JsonElement>(url);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("productId").GetGuid()));
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);

        Assert.That(seen, Is.EqualTo(expected));
    }
}
