using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialCommerce.Catalog.Tests.Browse;

public sealed class SkuCardTests : CatalogFixture
{
    [Test]
    public async Task Get_ListedAndDelistedSkus_ReturnsCardsInTheOrderAskedWithDelistedUnavailable()
    {
        var shopId = await App.NewShopAsync();
        var listed = await App.AddProductAsync(shopId, "云南古树普洱茶 357克茶饼", price: 12800);
        var delisted = await App.AddProductAsync(shopId, "下架的茶", status: "delisted");
        var listedSku = await App.ScalarAsync<Guid>("SELECT id FROM skus WHERE product_id = @listed", new { listed });
        var delistedSku = await App.ScalarAsync<Guid>("SELECT id FROM skus WHERE product_id = @delisted", new { delisted });
        using var client = App.CreateClient();

        var cards = await client.GetFromJsonAsync<JsonElement>($"/api/catalog/skus?ids={delistedSku},{Guid.NewGuid()},{listedSku}");

        var items = cards.GetProperty("items").EnumerateArray().ToArray();
        Assert.That(items, Has.Length.EqualTo(2), "the unknown id is left out");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(items[0].GetProperty("skuId").GetGuid(), Is.EqualTo(delistedSku));
            Assert.That(items[0].GetProperty("listed").GetBoolean(), Is.False);
            Assert.That(items[0].GetProperty("available").GetInt32(), Is.Zero, "a delisted product's stock cannot be bought");
            Assert.That(items[1].GetProperty("productId").GetGuid(), Is.EqualTo(listed));
            Assert.That(items[1].GetProperty("title").GetString(), Is.EqualTo("云南古树普洱茶 357克茶饼"));
            Assert.That(items[1].GetProperty("price").GetProperty("amount").GetInt64(), Is.EqualTo(12800));
            Assert.That(items[1].GetProperty("available").GetInt32(), Is.EqualTo(10));
            Assert.That(items[1].GetProperty("attributes").GetProperty("规格").GetString(), Is.EqualTo("标准"));
            Assert.That(items[1].GetProperty("listed").GetBoolean(), Is.True);
        }
    }

    [TestCase("")]
    [TestCase("not-a-guid")]
    [TestCase("0193a6a0-0000-7000-8000-000000000001,,x")]
    public async Task Get_BadIds_Returns400(string ids)
    {
        using var client = App.CreateClient();

        await (await client.GetAsync($"/api/catalog/skus?ids={ids}")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Get_MoreThanFiftyIds_Returns400()
    {
        using var client = App.CreateClient();
        var ids = string.Join(',', Enumerable.Range(0, 51).Select(_ => Guid.NewGuid()));

        await (await client.GetAsync($"/api/catalog/skus?ids={ids}")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
