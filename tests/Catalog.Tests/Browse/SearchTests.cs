using System.Net.Http.Json;
using System.Text.Json;

namespace SocialCommerce.Catalog.Tests.Browse;

public sealed class SearchTests : CatalogFixture
{
    private async Task<JsonElement[]> SearchAsync(string query)
    {
        using var client = App.CreateClient();
        var body = await client.GetFromJsonAsync<JsonElement>($"/api/catalog/products?{query}");
        return body.GetProperty("items").EnumerateArray().ToArray();
    }

    private static string?[] Titles(IEnumerable<JsonElement> items) => items.Select(item => item.GetProperty("title").GetString()).ToArray();

    [Test]
    public async Task Search_ChineseWordFromMiddleOfTitle_FindsProductWithHighlight()
    {
        var shopId = await App.NewShopAsync();
        var productId = await App.AddProductAsync(shopId, "云南古树普洱茶 357克茶饼");
        await App.AddProductAsync(shopId, "福建安溪铁观音 250克");

        var items = await SearchAsync($"q={Uri.EscapeDataString("古树普洱")}&shopId={shopId}");

        Assert.That(items, Has.Length.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(items[0].GetProperty("productId").GetGuid(), Is.EqualTo(productId));
            Assert.That(items[0].GetProperty("highlight").GetString(), Is.EqualTo("云南<em>古树普洱</em>茶 357克茶饼"));
        });
    }

    [TestCase("果")]
    [TestCase("苹果")]
    public async Task Search_OneOrTwoCharacters_FindsTitlesAndTagsContainingThem(string query)
    {
        var shopId = await App.NewShopAsync();
        await App.AddProductAsync(shopId, "新疆阿克苏冰糖心苹果 5斤装");
        await App.AddProductAsync(shopId, "烟台红富士 10斤", tags: ["苹果", "水果"]);
        await App.AddProductAsync(shopId, "赣南脐橙 5斤装");

        var items = await SearchAsync($"q={Uri.EscapeDataString(query)}&shopId={shopId}");

        Assert.That(Titles(items), Is.EquivalentTo(new[] { "新疆阿克苏冰糖心苹果 5斤装", "烟台红富士 10斤" }));
    }

    [Test]
    public async Task Search_TitleMatch_RanksAboveTagMatchAboveDescriptionMatch()
    {
        var shopId = await App.NewShopAsync();
        await App.AddProductAsync(shopId, "不锈钢真空杯", description: "一只好用的保温杯", sales: 900);
        await App.AddProductAsync(shopId, "316钢焖烧罐", tags: ["保温杯"], sales: 500);
        await App.AddProductAsync(shopId, "象印保温杯 480毫升", sales: 1);

        var items = await SearchAsync($"q={Uri.EscapeDataString("保温杯")}&shopId={shopId}");

        Assert.That(Titles(items), Is.EqualTo(new[] { "象印保温杯 480毫升", "316钢焖烧罐", "不锈钢真空杯" }));
    }

    [TestCase("bluetooth")]
    [TestCase("BLUE")]
    [TestCase("sony wh")]
    public async Task Search_LatinWords_FindsByCaseInsensitiveWordPrefix(string query)
    {
        var shopId = await App.NewShopAsync();
        await App.AddProductAsync(shopId, "Sony WH-1000XM5 头戴式降噪耳机", tags: ["Bluetooth"]);
        await App.AddProductAsync(shopId, "有线耳机 3.5mm", description: "not wireless");

        var items = await SearchAsync($"q={Uri.EscapeDataString(query)}&shopId={shopId}");

        Assert.That(Titles(items), Is.EqualTo(new[] { "Sony WH-1000XM5 头戴式降噪耳机" }));
    }

    [Test]
    public async Task Search_LatinFragmentInsideWord_DoesNotMatch()
    {
        var shopId = await App.NewShopAsync();
        await App.AddProductAsync(shopId, "蓝牙Bluetooth音箱");

        Assert.Multiple(async () =>
        {
            Assert.That(await SearchAsync($"q=tooth&shopId={shopId}"), Is.Empty);
            Assert.That(Titles(await SearchAsync($"q=bluetooth&shopId={shopId}")), Is.EqualTo(new[] { "蓝牙Bluetooth音箱" }));
        });
    }

    [Test]
    public async Task Search_LikeWildcardsInQuery_AreTakenLiterally()
    {
        var shopId = await App.NewShopAsync();
        await App.AddProductAsync(shopId, "满100%纯棉毛巾");
        await App.AddProductAsync(shopId, "满100元纯棉浴巾");
        await App.AddProductAsync(shopId, "竹纤维_毛巾");
        await App.AddProductAsync(shopId, "竹纤维A毛巾");

        Assert.Multiple(async () =>
        {
            Assert.That(Titles(await SearchAsync($"q={Uri.EscapeDataString("0%纯")}&shopId={shopId}")), Is.EqualTo(new[] { "满100%纯棉毛巾" }));
            Assert.That(Titles(await SearchAsync($"q={Uri.EscapeDataString("维_毛")}&shopId={shopId}")), Is.EqualTo(new[] { "竹纤维_毛巾" }));
        });
    }

    [Test]
    public async Task Search_SeveralTerms_RequiresAll()
    {
        var shopId = await App.NewShopAsync();
        await App.AddProductAsync(shopId, "华为Mate60 Pro 手机壳");
        await App.AddProductAsync(shopId, "华为Mate60 Pro 钢化膜");

        var items = await SearchAsync($"q={Uri.EscapeDataString("mate60 手机壳")}&shopId={shopId}");

        Assert.That(Titles(items), Is.EqualTo(new[] { "华为Mate60 Pro 手机壳" }));
    }

    [Test]
    public async Task Search_TitleWithMarkup_HighlightEscapesEverythingElse()
    {
        var shopId = await App.NewShopAsync();
        await App.AddProductAsync(shopId, "<b>\"限量\"</b> & 紫砂茶具");
        await App.AddProductAsync(shopId, "青花瓷盖碗", tags: ["茶具"]);

        var items = await SearchAsync($"q={Uri.EscapeDataString("茶具")}&shopId={shopId}");

        Assert.That(items.Select(item => item.GetProperty("highlight").GetString()), Is.EqualTo(new[]
        {
            "&lt;b&gt;&quot;限量&quot;&lt;/b&gt; &amp; 紫砂<em>茶具</em>",
            "青花瓷盖碗",
        }));
    }

    [Test]
    public async Task List_WithoutQuery_HasNoHighlight()
    {
        var shopId = await App.NewShopAsync();
        await App.AddProductAsync(shopId, "龙井 明前特级");

        var items = await SearchAsync($"shopId={shopId}");

        Assert.That(items.Single().TryGetProperty("highlight", out _), Is.False);
    }
}
