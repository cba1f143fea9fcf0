using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialCommerce.EndToEnd.Tests;

/// <summary>
/// Step [2] through the gateway: a merchant approved in identity gets a shop in catalog (MerchantApproved over
/// RabbitMQ), lists a product (moderation screens it and approves clean copy), and a shopper finds it by a Chinese word.
/// </summary>
public sealed class CatalogJourneyTests
{
    [Test]
    public async Task Journey_ApprovedMerchantListsProduct_ShopperFindsItAndSeesPriceChanges()
    {
        var merchant = await NewApprovedMerchantAsync();
        using var seller = GatewayClient.Create(merchant.AccessToken);
        var word = $"云雾{Random.Shared.Next(1000, 9999)}";

        // The shop opens when catalog consumes MerchantApproved: until then the seller API says so with a 409.
        var created = await Eventually.WaitForAsync(
            () => seller.PostAsJsonAsync("/api/seller/products", NewProduct($"高山{word}绿茶 明前特级 250克")),
            response => response.StatusCode != HttpStatusCode.Conflict, TimeSpan.FromSeconds(30));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var product = await created.Content.ReadFromJsonAsync<JsonElement>();
        var productId = product.GetProperty("productId").GetGuid();
        var skuId = product.GetProperty("skus")[0].GetProperty("skuId").GetGuid();
        Assert.That(product.GetProperty("status").GetString(), Is.EqualTo("draft"));

        var submitted = await seller.PostAsync($"/api/seller/products/{productId}/submit", null);
        Assert.That(submitted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));

        // Listed once moderation's ContentApproved reaches catalog.
        using var shopper = GatewayClient.Create();
        var found = await Eventually.WaitForAsync(
            () => shopper.GetFromJsonAsync<JsonElement>($"/api/catalog/products?q={Uri.EscapeDataString(word)}"),
            page => page.GetProperty("items").GetArrayLength() > 0, TimeSpan.FromSeconds(30));
        Assert.That(found.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("productId").GetGuid()), Does.Contain(productId));

        var patched = await seller.PatchAsJsonAsync($"/api/seller/skus/{skuId}",
            new { price = new { amount = 6900, currency = "CNY" }, stock = new { delta = -10 } });
        Assert.That(patched.StatusCode, Is.EqualTo(HttpStatusCode.OK), await patched.Content.ReadAsStringAsync());

        var detail = await shopper.GetFromJsonAsync<JsonElement>($"/api/catalog/products/{productId}");
        var sku = detail.GetProperty("skus").EnumerateArray().Single(s => s.GetProperty("skuId").GetGuid() == skuId);
        var history = await shopper.GetFromJsonAsync<JsonElement>($"/api/catalog/products/{productId}/price-history");
        Assert.Multiple(() =>
        {
            Assert.That(sku.GetProperty("price").GetProperty("amount").GetInt64(), Is.EqualTo(6900));
            Assert.That(sku.GetProperty("available").GetInt32(), Is.EqualTo(90));
            Assert.That(history.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("price").GetProperty("amount").GetInt64()),
                Is.EqualTo(new long[] { 7900, 6900 }));
        });
    }

    [Test]
    public async Task Browse_DemoData_ShowsChineseProductsAndCategoryTree()
    {
        using var shopper = GatewayClient.Create();

        var products = await shopper.GetFromJsonAsync<JsonElement>("/api/catalog/products?limit=50");
        var categories = await shopper.GetFromJsonAsync<JsonElement>("/api/catalog/categories");

        Assert.Multiple(() =>
        {
            Assert.That(products.GetProperty("items").GetArrayLength(), Is.EqualTo(50));
            Assert.That(products.GetProperty("nextCursor").GetString(), Is.Not.Null.And.Not.Empty);
            Assert.That(categories.GetProperty("items").GetArrayLength(), Is.EqualTo(6));
        });
    }

    [Test]
    public async Task SellerApi_ShopperToken_403AndWithoutToken_401()
    {
        var phone = GatewayClient.NewPhone();
        await GatewayClient.SignUpAsync(phone);
        var shopper = await GatewayClient.SignInAsync(phone);
        using var withToken = GatewayClient.Create(shopper.AccessToken);
        using var anonymous = GatewayClient.Create();

        await (await withToken.PostAsJsonAsync("/api/seller/products", NewProduct("不该被创建的商品"))).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await anonymous.PostAsJsonAsync("/api/seller/products", NewProduct("不该被创建的商品"))).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    internal static object NewProduct(string title, string description = "高山云雾茶园，明前采摘，手工炒制。") => new
    {
        title,
        description,
        categoryId = 203,
        images = new[] { "https://img.example.com/tea/1.jpg" },
        tags = new[] { "绿茶", "明前" },
        skus = new[]
        {
            new { attributes = new Dictionary<string, string> { ["规格"] = "250克" }, price = new { amount = 7900, currency = "CNY" },
                listPrice = new { amount = 9900, currency = "CNY" }, stock = 100 },
        },
    };

    /// <summary>A merchant whose shop catalog has opened, signed in after approval so the token carries the role.</summary>
    internal static async Task<TokenPair> NewApprovedMerchantAsync() =>
        await GatewayClient.SignInAsync(await Merchant.NewAsync("云雾茶舍"), Merchant.Password);
}
