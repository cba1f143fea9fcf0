using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace SocialCommerce.Catalog.Tests.Seller;

/// <summary>PATCH /api/seller/skus/{id}: prices (with history and PriceChanged) and stock (absolute or delta), on listed products too.</summary>
public sealed class SkuPatchTests : CatalogFixture
{
    protected override Dictionary<string, string> Settings => new() { ["Catalog:AutoApproveListings"] = "true" };

    private async Task<(Guid ShopId, HttpClient Client, JsonElement Product)> ListedProductAsync(int stock = 100, int? lowStockThreshold = null)
    {
        var (_, shopId, client) = await App.NewMerchantAsync();
        var product = await client.CreateProductAsync(SellerApi.Product(
            SellerApi.Sku("红", "M", price: 1999, listPrice: 2999, stock: stock, lowStockThreshold: lowStockThreshold),
            SellerApi.Sku("白", "L", price: 2199, listPrice: 2999)));
        Assert.That((await client.SubmitAsync(product.ProductId())).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        return (shopId, client, product);
    }

    private Task<long> AvailableAsync(Guid skuId) =>
        App.ScalarAsync<long>("SELECT available FROM skus WHERE id = @skuId", new { skuId });

    [Test]
    public async Task Patch_PriceOnListedProduct_RecordsHistoryPublishesPriceChangedAndUpdatesMinPrice()
    {
        var (_, client, product) = await ListedProductAsync();
        var skuId = product.SkuId();

        var response = await client.PatchSkuAsync(skuId, new { price = SellerApi.Money(1599) });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var sku = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(async () =>
        {
            Assert.That(sku.GetProperty("price").GetProperty("amount").GetInt64(), Is.EqualTo(1599));
            Assert.That(sku.GetProperty("listPrice").GetProperty("amount").GetInt64(), Is.EqualTo(2999));
            Assert.That(await App.ScalarAsync<string>(
                "SELECT string_agg(price::text, ',' ORDER BY id) FROM price_history WHERE sku_id = @skuId", new { skuId }), Is.EqualTo("1999,1599"));
            Assert.That(await App.ScalarAsync<string>(
                "SELECT concat_ws(',', body->>'oldPrice', body->>'newPrice') FROM outbox_messages WHERE message_type LIKE '%.PriceChanged,%' AND body->>'skuId' = @id",
                new { id = skuId.ToString() }), Is.EqualTo("1999,1599"));
            Assert.That(await App.ScalarAsync<long>("SELECT min_price FROM products WHERE id = @id", new { id = product.ProductId() }), Is.EqualTo(1599));
            Assert.That((await client.GetProductAsync(product.ProductId())).Status(), Is.EqualTo("listed"));
        });
    }

    [Test]
    public async Task Patch_StockOnly_NoPriceHistoryNoPriceChanged()
    {
        var (_, client, product) = await ListedProductAsync();
        var skuId = product.SkuId();

        var response = await client.PatchSkuAsync(skuId, new { stock = 40 });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.Multiple(async () =>
        {
            Assert.That(await App.ScalarAsync<long>("SELECT count(*) FROM price_history WHERE sku_id = @skuId", new { skuId }), Is.EqualTo(1));
            Assert.That(await App.OutboxCountAsync("PriceChanged", skuId), Is.Zero);
        });
    }

    [Test]
    public async Task Patch_StockAbsoluteThenDelta_SetsAndAdjustsAvailableOnly()
    {
        var (_, client, product) = await ListedProductAsync();
        var skuId = product.SkuId();
        await App.ScalarAsync<int>("UPDATE skus SET available = available - 5, reserved = 3, sold = 2 WHERE id = @skuId RETURNING 1", new { skuId });

        var absolute = await client.PatchSkuAsync(skuId, new { stock = 50 });
        var afterAbsolute = await AvailableAsync(skuId);
        var up = await client.PatchSkuAsync(skuId, new { stock = new { delta = 7 } });
        var down = await client.PatchSkuAsync(skuId, new { stock = new { delta = -20 } });

        var sku = await down.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(async () =>
        {
            Assert.That(absolute.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(up.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(afterAbsolute, Is.EqualTo(50));
            Assert.That(sku.GetProperty("stock").GetInt32(), Is.EqualTo(37));
            Assert.That(sku.GetProperty("reserved").GetInt32(), Is.EqualTo(3));
            Assert.That(sku.GetProperty("sold").GetInt32(), Is.EqualTo(2));
            Assert.That(await AvailableAsync(skuId), Is.EqualTo(37));
        });
    }

    [Test]
    public async Task Patch_DeltaBelowZero_Returns409AndChangesNothing()
    {
        var (shopId, client, product) = await ListedProductAsync(stock: 10);
        var before = await App.ShopStateAsync(shopId);

        var response = await client.PatchSkuAsync(product.SkuId(), new { price = SellerApi.Money(1000), stock = new { delta = -11 } });

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Multiple(async () =>
        {
            Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("insufficient-stock"));
            Assert.That(await App.ShopStateAsync(shopId), Is.EqualTo(before), "the price in the same request is not applied either");
        });
    }

    [Test]
    public async Task Patch_SkuAlreadyAboveTheBound_MayBeLoweredButNotRaised()
    {
        var (_, client, product) = await ListedProductAsync(stock: 20);
        var skuId = product.SkuId();
        // Returns restocked onto a SKU can carry it past the bound the seller API keeps.
        await App.ExecuteAsync("UPDATE skus SET available = 10000005 WHERE id = @skuId", new { skuId });

        var lowered = await client.PatchSkuAsync(skuId, new { stock = new { delta = -3 } });
        var raised = await client.PatchSkuAsync(skuId, new { stock = new { delta = 1 } });

        Assert.That(lowered.StatusCode, Is.EqualTo(HttpStatusCode.OK), await lowered.Content.ReadAsStringAsync());
        var problem = await raised.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Multiple(async () =>
        {
            Assert.That(problem.GetProperty("errors").TryGetProperty("stock.delta", out _), Is.True);
            Assert.That(await App.ScalarAsync<int>("SELECT available FROM skus WHERE id = @skuId", new { skuId }), Is.EqualTo(10_000_002));
        });
    }

    [Test]
    public async Task Patch_DecreaseCrossingThreshold_PublishesStockLowOnce()
    {
        var (shopId, client, product) = await ListedProductAsync(stock: 20, lowStockThreshold: 10);
        var skuId = product.SkuId();

        await client.PatchSkuAsync(skuId, new { stock = new { delta = -5 } });
        var aboveThreshold = await App.OutboxCountAsync("StockLow", skuId);
        await client.PatchSkuAsync(skuId, new { stock = new { delta = -8 } });
        await client.PatchSkuAsync(skuId, new { stock = 5 });

        Assert.Multiple(async () =>
        {
            Assert.That(aboveThreshold, Is.Zero);
            Assert.That(await App.OutboxCountAsync("StockLow", skuId), Is.EqualTo(1), "only the crossing is announced");
            Assert.That(await App.ScalarAsync<string>(
                "SELECT concat_ws(',', body->>'available', body->>'threshold', body->>'shopId') FROM outbox_messages WHERE message_type LIKE '%.StockLow,%' AND body->>'skuId' = @id",
                new { id = skuId.ToString() }), Is.EqualTo($"7,10,{shopId}"));
        });
    }

    public static IEnumerable<TestCaseData> BadPatches()
    {
        TestCaseData Case(string name, string field, string json) => new TestCaseData(field, json).SetArgDisplayNames(name);
        yield return Case("negative absolute stock", "stock", """{ "stock": -1 }""");
        yield return Case("fractional stock", "stock", """{ "stock": 1.5 }""");
        yield return Case("stock as text", "stock", """{ "stock": "10" }""");
        yield return Case("object without delta", "stock", """{ "stock": { "add": 1 } }""");
        yield return Case("delta not a number", "stock.delta", """{ "stock": { "delta": "x" } }""");
        yield return Case("delta past int", "stock.delta", """{ "stock": { "delta": 2147483648 } }""");
        yield return Case("delta at int max", "stock.delta", """{ "stock": { "delta": 2147483647 } }""");
        yield return Case("delta taking stock past the bound", "stock.delta", """{ "stock": { "delta": 10000000 } }""");
        yield return Case("absolute stock past the bound", "stock", """{ "stock": 10000001 }""");
        yield return Case("price past the bound", "price",
            """{ "price": { "amount": 9223372036854775807, "currency": "CNY" }, "listPrice": { "amount": 9223372036854775807, "currency": "CNY" } }""");
        yield return Case("zero price", "price", """{ "price": { "amount": 0, "currency": "CNY" } }""");
        yield return Case("negative price", "price", """{ "price": { "amount": -1, "currency": "CNY" } }""");
        yield return Case("price in USD", "price", """{ "price": { "amount": 100, "currency": "USD" } }""");
        yield return Case("price above list price", "price", """{ "price": { "amount": 3000, "currency": "CNY" } }""");
        yield return Case("list price below price", "listPrice", """{ "listPrice": { "amount": 1000, "currency": "CNY" } }""");
        yield return Case("empty body", "$", "{}");
    }

    [TestCaseSource(nameof(BadPatches))]
    public async Task Patch_BadBody_Returns400NamingFieldAndChangesNothing(string field, string json)
    {
        var (shopId, client, product) = await ListedProductAsync();
        var before = await App.ShopStateAsync(shopId);

        var response = await client.PatchAsync($"/api/seller/skus/{product.SkuId()}", new StringContent(json, Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Multiple(async () =>
        {
            Assert.That(problem.GetProperty("errors").TryGetProperty(field, out _), Is.True, problem.ToString());
            Assert.That(await App.ShopStateAsync(shopId), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task Patch_UnknownSku_Returns404()
    {
        var (_, client, _) = await ListedProductAsync();

        await (await client.PatchSkuAsync(Guid.CreateVersion7(), new { stock = 1 })).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
