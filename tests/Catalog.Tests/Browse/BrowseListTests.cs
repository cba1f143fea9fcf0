using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialCommerce.Catalog.Tests.Browse;

public sealed class BrowseListTests : CatalogFixture
{
    private async Task<JsonElement> ListAsync(string query)
    {
        using var client = App.CreateClient();
        return await client.GetFromJsonAsync<JsonElement>($"/api/catalog/products?{query}");
    }

    private static string?[] Titles(JsonElement list) =>
        list.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("title").GetString()).ToArray();

    [Test]
    public async Task List_UnlistedStatuses_NeverAppear()
    {
        var shopId = await App.NewShopAsync();
        foreach (var status in new[] { "draft", "pending-review", "rejected", "delisted" })
        {
            await App.AddProductAsync(shopId, $"隐身斗篷 {status}", status: status);
        }

        await App.AddProductAsync(shopId, "隐身斗篷 listed");

        Assert.Multiple(async () =>
        {
            Assert.That(Titles(await ListAsync($"shopId={shopId}")), Is.EqualTo(new[] { "隐身斗篷 listed" }));
            Assert.That(Titles(await ListAsync($"q={Uri.EscapeDataString("隐身斗篷")}")), Is.EqualTo(new[] { "隐身斗篷 listed" }));
            Assert.That(Titles(await ListAsync($"q={Uri.EscapeDataString("斗篷")}")), Is.EqualTo(new[] { "隐身斗篷 listed" }));
            Assert.That(Titles(await ListAsync("q=draft")), Is.Empty);
        });
    }

    [Test]
    public async Task List_TopLevelCategory_IncludesItsChildren()
    {
        var shopId = await App.NewShopAsync();
        await App.AddProductAsync(shopId, "武夷山大红袍", categoryId: 203);
        await App.AddProductAsync(shopId, "五常大米 10斤", categoryId: 204);
        await App.AddProductAsync(shopId, "小米14 手机", categoryId: 401);

        Assert.Multiple(async () =>
        {
            Assert.That(Titles(await ListAsync($"categoryId=2&shopId={shopId}")), Is.EquivalentTo(new[] { "武夷山大红袍", "五常大米 10斤" }));
            Assert.That(Titles(await ListAsync($"categoryId=203&shopId={shopId}")), Is.EqualTo(new[] { "武夷山大红袍" }));
            Assert.That(Titles(await ListAsync($"categoryId=999&shopId={shopId}")), Is.Empty);
        });
    }

    [Test]
    public async Task List_ShopFilter_ReturnsOnlyThatShop()
    {
        var mine = await App.NewShopAsync();
        var other = await App.NewShopAsync();
        await App.AddProductAsync(mine, "竹编收纳篮 小号");
        await App.AddProductAsync(other, "竹编收纳篮 大号");

        var list = await ListAsync($"q={Uri.EscapeDataString("竹编收纳篮")}&shopId={mine}");

        Assert.That(Titles(list), Is.EqualTo(new[] { "竹编收纳篮 小号" }));
    }

    [TestCase("newest", new[] { "C", "B", "A" })]
    [TestCase("price-asc", new[] { "B", "C", "A" })]
    [TestCase("price-desc", new[] { "A", "C", "B" })]
    [TestCase("sales", new[] { "C", "A", "B" })]
    [TestCase(null, new[] { "C", "B", "A" })]
    public async Task List_SortOrder_OrdersByTheKey(string? sort, string[] expected)
    {
        var shopId = await App.NewShopAsync();
        await App.AddProductAsync(shopId, "A", price: 3000, sales: 50);
        await App.AddProductAsync(shopId, "B", price: 1000, sales: 10);
        await App.AddProductAsync(shopId, "C", price: 2000, sales: 90);

        var list = await ListAsync($"shopId={shopId}{(sort is null ? "" : "&sort=" + sort)}");

        Assert.That(Titles(list), Is.EqualTo(expected));
    }

    [Test]
    public async Task List_RelevanceSort_TiesGoToTheBetterSeller()
    {
        var shopId = await App.NewShopAsync();
        await App.AddProductAsync(shopId, "橄榄油 A", sales: 5);
        await App.AddProductAsync(shopId, "橄榄油 B", sales: 50);
        await App.AddProductAsync(shopId, "食用油", tags: ["橄榄油"], sales: 500);

        var list = await ListAsync($"q={Uri.EscapeDataString("橄榄油")}&shopId={shopId}&sort=relevance");

        Assert.That(Titles(list), Is.EqualTo(new[] { "橄榄油 B", "橄榄油 A", "食用油" }));
    }

    [TestCase("newest")]
    [TestCase("price-asc")]
    [TestCase("sales")]
    [TestCase("relevance")]
    public async Task List_PagingWithCursor_ReturnsEveryItemOnceEvenWhenProductsArriveBetweenPages(string sort)
    {
        var shopId = await App.NewShopAsync();
        var expected = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            // Equal prices and sales, so only the id breaks ties.
            expected.Add(await App.AddProductAsync(shopId, $"分页测试 {i}", price: 1000 + i % 2 * 100, sales: i % 3));
        }

        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var list = await ListAsync($"q={Uri.EscapeDataString("分页测试")}&shopId={shopId}&sort={sort}&limit=3" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(list.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("productId").GetGuid()));
            cursor = list.GetProperty("nextCursor").GetString();
            if (pages++ == 0) await App.AddProductAsync(shopId, "分页测试 新品", price: 5000, sales: 99);
        }
        while (cursor is not null && pages < 10);

        Assert.Multiple(() =>
        {
            Assert.That(seen, Is.Unique);
            Assert.That(seen, Is.SupersetOf(expected));
            Assert.That(pages, Is.EqualTo(3));
        });
    }

    [TestCase("limit=0", "limit")]
    [TestCase("limit=51", "limit")]
    [TestCase("limit=ten", "limit")]
    [TestCase("sort=cheapest", "sort")]
    [TestCase("sort=relevance", "sort")]
    [TestCase("categoryId=tea", "categoryId")]
    [TestCase("shopId=shop-1", "shopId")]
    [TestCase("cursor=%21%21not-base64", "cursor")]
    [TestCase("cursor=bm90LWEtY3Vyc29y", "cursor")]
    public async Task List_BadInput_Returns400WithFieldError(string query, string field)
    {
        using var client = App.CreateClient();

        var response = await client.GetAsync($"/api/catalog/products?{query}");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("errors").TryGetProperty(field, out _), Is.True, problem.ToString());
    }

    [TestCase(long.MaxValue)]
    [TestCase(-1L)]
    public async Task List_NewestCursorWithTicksOutOfRange_Returns400(long ticks)
    {
        var forged = new SocialCommerce.Catalog.Browse.BrowseCursor(SocialCommerce.Catalog.Browse.BrowseSort.Newest, [ticks], Guid.NewGuid()).Encode();
        using var client = App.CreateClient();

        var response = await client.GetAsync($"/api/catalog/products?sort=newest&cursor={forged}");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("errors").TryGetProperty("cursor", out _), Is.True, problem.ToString());
    }

    [Test]
    public async Task List_QueryLongerThan64Characters_Returns400()
    {
        using var client = App.CreateClient();

        var response = await client.GetAsync($"/api/catalog/products?q={Uri.EscapeDataString(new string('茶', 65))}");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("errors").TryGetProperty("q", out _), Is.True);
    }

    [Test]
    public async Task List_CursorFromAnotherSort_Returns400()
    {
        var shopId = await App.NewShopAsync();
        await App.AddProductAsync(shopId, "游标 1");
        await App.AddProductAsync(shopId, "游标 2");
        var cursor = (await ListAsync($"shopId={shopId}&sort=newest&limit=1")).GetProperty("nextCursor").GetString();
        using var client = App.CreateClient();

        var response = await client.GetAsync($"/api/catalog/products?shopId={shopId}&sort=sales&cursor={cursor}");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task List_Item_CarriesCardFields()
    {
        var shopId = await App.NewShopAsync();
        var productId = await App.AddProductAsync(shopId, "卡片字段", tags: ["新品"], categoryId: 202, price: 1990, sales: 7);

        var item = (await ListAsync($"shopId={shopId}")).GetProperty("items")[0];

        Assert.Multiple(() =>
        {
            Assert.That(item.GetProperty("productId").GetGuid(), Is.EqualTo(productId));
            Assert.That(item.GetProperty("shopId").GetGuid(), Is.EqualTo(shopId));
            Assert.That(item.GetProperty("image").GetString(), Does.Contain(productId.ToString()));
            Assert.That(item.GetProperty("categoryId").GetInt32(), Is.EqualTo(202));
            Assert.That(item.GetProperty("tags")[0].GetString(), Is.EqualTo("新品"));
            Assert.That(item.GetProperty("price").GetProperty("amount").GetInt64(), Is.EqualTo(1990));
            Assert.That(item.GetProperty("price").GetProperty("currency").GetString(), Is.EqualTo("CNY"));
            Assert.That(item.GetProperty("listPrice").GetProperty("amount").GetInt64(), Is.EqualTo(2990));
            Assert.That(item.GetProperty("sales").GetInt64(), Is.EqualTo(7));
        });
    }
}
