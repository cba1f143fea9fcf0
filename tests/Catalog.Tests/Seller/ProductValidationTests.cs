using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace SocialCommerce.Catalog.Tests.Seller;

/// <summary>Every kind of bad product body, on create and on update: a 400 naming the field by JSON path, and nothing changed.</summary>
public sealed class ProductValidationTests : CatalogFixture
{
    public static IEnumerable<TestCaseData> BadBodies()
    {
        TestCaseData Case(string name, string field, Action<Dictionary<string, object?>> spoil) =>
            new TestCaseData(field, spoil).SetArgDisplayNames(name);

        yield return Case("zero price", "skus[1].price", p => p["skus"] = new[] { SellerApi.Sku("红"), SellerApi.Sku("白", price: 0) });
        yield return Case("negative price", "skus[0].price", p => p["skus"] = new[] { SellerApi.Sku(price: -100) });
        yield return Case("list price below price", "skus[0].listPrice", p => p["skus"] = new[] { SellerApi.Sku(price: 2000, listPrice: 1999) });
        yield return Case("negative stock", "skus[0].stock", p => p["skus"] = new[] { SellerApi.Sku(stock: -1) });
        yield return Case("negative threshold", "skus[0].lowStockThreshold", p => p["skus"] = new[] { SellerApi.Sku(lowStockThreshold: -1) });
        yield return Case("51 SKUs", "skus", p => p["skus"] = Enumerable.Range(0, 51).Select(i => SellerApi.Sku("红", $"码{i}")).ToArray());
        yield return Case("no SKUs", "skus", p => p["skus"] = Array.Empty<object>());
        yield return Case("duplicate attribute set", "skus[1].attributes", p => p["skus"] = new[]
        {
            SellerApi.Sku("红", "M"),
            new { attributes = new Dictionary<string, string> { ["尺码"] = "M", ["颜色"] = "红" }, price = SellerApi.Money(100), listPrice = SellerApi.Money(100), stock = 1 },
        });
        yield return Case("currency not CNY", "skus[0].price", p => p["skus"] = new[]
        {
            new { attributes = new Dictionary<string, string>(), price = SellerApi.Money(100, "USD"), listPrice = SellerApi.Money(100), stock = 1 },
        });
        yield return Case("empty attribute value", "skus[0].attributes.颜色", p => p["skus"] = new[]
        {
            new { attributes = new Dictionary<string, string> { ["颜色"] = " " }, price = SellerApi.Money(100), listPrice = SellerApi.Money(100), stock = 1 },
        });
        yield return Case("empty title", "title", p => p["title"] = "   ");
        yield return Case("no title", "title", p => p.Remove("title"));
        yield return Case("title over 60", "title", p => p["title"] = new string('衫', 61));
        yield return Case("description over 5000", "description", p => p["description"] = new string('棉', 5001));
        yield return Case("21 images", "images", p => p["images"] = Enumerable.Range(0, 21).Select(i => $"https://img.example.com/{i}.jpg").ToArray());
        yield return Case("http image", "images[0]", p => p["images"] = new[] { "http://img.example.com/1.jpg" });
        yield return Case("relative image", "images[1]", p => p["images"] = new[] { "https://img.example.com/1.jpg", "/img/2.jpg" });
        yield return Case("21 tags", "tags", p => p["tags"] = Enumerable.Range(0, 21).Select(i => $"标签{i}").ToArray());
        yield return Case("tag over 20", "tags[0]", p => p["tags"] = new[] { new string('好', 21) });
        yield return Case("unknown category", "categoryId", p => p["categoryId"] = 999_999);
        yield return Case("no category", "categoryId", p => p.Remove("categoryId"));
    }

    [TestCaseSource(nameof(BadBodies))]
    public async Task Create_BadBody_Returns400NamingFieldAndChangesNothing(string field, Action<Dictionary<string, object?>> spoil)
    {
        var (_, shopId, client) = await App.NewMerchantAsync();
        var body = SellerApi.Product();
        spoil(body);

        var response = await client.PostAsJsonAsync("/api/seller/products", body);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Multiple(async () =>
        {
            Assert.That(problem.GetProperty("errors").TryGetProperty(field, out _), Is.True, problem.ToString());
            Assert.That(await App.ScalarAsync<long>("SELECT count(*) FROM products WHERE shop_id = @shopId", new { shopId }), Is.Zero);
        });
    }

    [TestCaseSource(nameof(BadBodies))]
    public async Task Update_BadBody_Returns400NamingFieldAndChangesNothing(string field, Action<Dictionary<string, object?>> spoil)
    {
        var (_, shopId, client) = await App.NewMerchantAsync();
        var product = await client.CreateProductAsync();
        var before = await App.ShopStateAsync(shopId);
        var body = SellerApi.Product();
        spoil(body);

        var response = await client.PutAsJsonAsync($"/api/seller/products/{product.ProductId()}", body);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Multiple(async () =>
        {
            Assert.That(problem.GetProperty("errors").TryGetProperty(field, out _), Is.True, problem.ToString());
            Assert.That(await App.ShopStateAsync(shopId), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task Create_ManyBadFields_ReportsEveryOne()
    {
        var (_, _, client) = await App.NewMerchantAsync();
        var body = SellerApi.Product(SellerApi.Sku("红", price: 0), SellerApi.Sku("白", stock: -5));
        body["title"] = "";
        body["images"] = new[] { "ftp://img.example.com/1.jpg" };

        var problem = await (await client.PostAsJsonAsync("/api/seller/products", body)).AssertProblemAsync(HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.That(new[] { "title", "images[0]", "skus[0].price", "skus[1].stock" }.Where(field => !errors.TryGetProperty(field, out _)),
            Is.Empty, errors.ToString());
    }

    [Test]
    public async Task Create_MalformedJson_Returns400AndChangesNothing()
    {
        var (_, shopId, client) = await App.NewMerchantAsync();

        var response = await client.PostAsync("/api/seller/products",
            new StringContent("""{ "title": "T恤", "skus": [{ "price": { "amount": "lots" } }] }""", Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(await App.ScalarAsync<long>("SELECT count(*) FROM products WHERE shop_id = @shopId", new { shopId }), Is.Zero);
    }
}
