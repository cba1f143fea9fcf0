using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialCommerce.Catalog.Tests.Browse;

public sealed class ProductDetailTests : CatalogFixture
{
    [Test]
    public async Task Get_ListedProduct_ReturnsSkusAndCurrentOrUpcomingCampaigns()
    {
        var shopId = await App.NewShopAsync();
        var productId = await App.AddProductAsync(shopId, "云南古树普洱茶 357克茶饼", description: "勐海老树春茶", tags: ["普洱"], price: 12800);
        var skuId = await App.ScalarAsync<Guid>("SELECT id FROM skus WHERE product_id = @productId", new { productId });
        await App.ScalarAsync<int>(
            """
            INSERT INTO campaigns (id, shop_id, sku_id, type, price, starts_at, ends_at, team_size, team_hours)
            VALUES (gen_random_uuid(), @shopId, @skuId, 'group-buy', 9900, now() - interval '1 day', now() + interval '1 day', 3, 24),
                   (gen_random_uuid(), @shopId, @skuId, 'group-buy', 9000, now() - interval '3 day', now() - interval '2 day', 3, 24);
            INSERT INTO campaigns (id, shop_id, sku_id, type, price, starts_at, ends_at, quota, per_user_limit)
            VALUES (gen_random_uuid(), @shopId, @skuId, 'flash-sale', 5900, now() + interval '1 day', now() + interval '2 day', 100, 1)
            RETURNING 1
            """, new { shopId, skuId });
        using var client = App.CreateClient();

        var product = await client.GetFromJsonAsync<JsonElement>($"/api/catalog/products/{productId}");

        var sku = product.GetProperty("skus")[0];
        var campaigns = product.GetProperty("campaigns").EnumerateArray().ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(product.GetProperty("productId").GetGuid(), Is.EqualTo(productId));
            Assert.That(product.GetProperty("shopId").GetGuid(), Is.EqualTo(shopId));
            Assert.That(product.GetProperty("description").GetString(), Is.EqualTo("勐海老树春茶"));
            Assert.That(product.GetProperty("images").GetArrayLength(), Is.EqualTo(1));
            Assert.That(product.GetProperty("status").GetString(), Is.EqualTo("listed"));
            Assert.That(sku.GetProperty("skuId").GetGuid(), Is.EqualTo(skuId));
            Assert.That(sku.GetProperty("attributes").GetProperty("规格").GetString(), Is.EqualTo("标准"));
            Assert.That(sku.GetProperty("price").GetProperty("amount").GetInt64(), Is.EqualTo(12800));
            Assert.That(sku.GetProperty("listPrice").GetProperty("amount").GetInt64(), Is.EqualTo(13800));
            Assert.That(sku.GetProperty("available").GetInt32(), Is.EqualTo(10));
            Assert.That(campaigns.Select(c => c.GetProperty("type").GetString()), Is.EqualTo(new[] { "group-buy", "flash-sale" }));
            Assert.That(campaigns[0].GetProperty("teamSize").GetInt32(), Is.EqualTo(3));
            Assert.That(campaigns[1].GetProperty("price").GetProperty("amount").GetInt64(), Is.EqualTo(5900));
            Assert.That(campaigns[1].GetProperty("perUserLimit").GetInt32(), Is.EqualTo(1));
        });
    }

    [TestCase("draft")]
    [TestCase("pending-review")]
    [TestCase("rejected")]
    [TestCase("delisted")]
    public async Task Get_UnlistedProduct_Returns404ForDetailAndPriceHistory(string status)
    {
        var shopId = await App.NewShopAsync();
        var productId = await App.AddProductAsync(shopId, "未上架商品", status: status);
        using var client = App.CreateClient();

        await (await client.GetAsync($"/api/catalog/products/{productId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/api/catalog/products/{productId}/price-history")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Get_UnknownOrMalformedId_Returns404()
    {
        using var client = App.CreateClient();

        await (await client.GetAsync($"/api/catalog/products/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/api/catalog/products/{Guid.NewGuid()}/price-history")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync("/api/catalog/products/not-an-id")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task GetPriceHistory_ChangedPrice_ListsOldestFirstStartingWithInitialPrice()
    {
        var shopId = await App.NewShopAsync();
        var productId = await App.AddProductAsync(shopId, "价格历史", price: 5000);
        var skuId = await App.ScalarAsync<Guid>("SELECT id FROM skus WHERE product_id = @productId", new { productId });
        await App.ScalarAsync<int>(
            """
            UPDATE skus SET price = 4500 WHERE id = @skuId;
            INSERT INTO price_history (sku_id, price, list_price, changed_at) VALUES (@skuId, 4500, 6000, now() + interval '1 hour')
            RETURNING 1
            """, new { skuId });
        using var client = App.CreateClient();

        var history = await client.GetFromJsonAsync<JsonElement>($"/api/catalog/products/{productId}/price-history");

        var items = history.GetProperty("items").EnumerateArray().ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(items.Select(item => item.GetProperty("price").GetProperty("amount").GetInt64()), Is.EqualTo(new[] { 5000L, 4500L }));
            Assert.That(items[0].GetProperty("skuId").GetGuid(), Is.EqualTo(skuId));
            Assert.That(items[0].GetProperty("listPrice").GetProperty("amount").GetInt64(), Is.EqualTo(6000));
            Assert.That(items[0].GetProperty("changedAt").GetDateTime(), Is.LessThan(items[1].GetProperty("changedAt").GetDateTime()));
        });
    }

    [Test]
    public async Task GetCategories_SeededTree_ReturnsRootsWithChildren()
    {
        using var client = App.CreateClient();

        var tree = await client.GetFromJsonAsync<JsonElement>("/api/catalog/categories");

        var roots = tree.GetProperty("items").EnumerateArray().ToArray();
        var food = roots.Single(root => root.GetProperty("categoryId").GetInt32() == 2);
        var tea = food.GetProperty("children").EnumerateArray().Single(child => child.GetProperty("categoryId").GetInt32() == 203);
        Assert.Multiple(() =>
        {
            Assert.That(roots, Has.Length.EqualTo(6));
            Assert.That(roots[0].GetProperty("name").GetString(), Is.EqualTo("服饰鞋包"));
            Assert.That(food.GetProperty("name").GetString(), Is.EqualTo("食品生鲜"));
            Assert.That(food.GetProperty("children").GetArrayLength(), Is.EqualTo(4));
            Assert.That(tea.GetProperty("name").GetString(), Is.EqualTo("茶叶"));
            Assert.That(tea.GetProperty("children").GetArrayLength(), Is.Zero);
        });
    }
}
