using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialCommerce.Catalog.Tests.Seller;

public sealed class ProductTests : CatalogFixture
{
    [Test]
    public async Task Create_ValidProduct_Returns201DraftWithSkusAndInitialPriceHistory()
    {
        var (_, shopId, client) = await App.NewMerchantAsync();

        var response = await client.PostAsJsonAsync("/api/seller/products",
            SellerApi.Product(SellerApi.Sku("红", "M", price: 1999, listPrice: 2999), SellerApi.Sku("白", "L", price: 1899, listPrice: 2999)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var product = await response.Content.ReadFromJsonAsync<JsonElement>();
        var productId = product.ProductId();
        var skus = product.GetProperty("skus");
        Assert.Multiple(async () =>
        {
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/seller/products/{productId}"));
            Assert.That(product.Status(), Is.EqualTo("draft"));
            Assert.That(product.GetProperty("shopId").GetGuid(), Is.EqualTo(shopId));
            Assert.That(skus.GetArrayLength(), Is.EqualTo(2));
            Assert.That(skus[0].GetProperty("attributes").GetProperty("颜色").GetString(), Is.EqualTo("红"));
            Assert.That(skus[0].GetProperty("price").GetProperty("amount").GetInt64(), Is.EqualTo(1999));
            Assert.That(skus[0].GetProperty("price").GetProperty("currency").GetString(), Is.EqualTo("CNY"));
            Assert.That(skus[0].GetProperty("listPrice").GetProperty("amount").GetInt64(), Is.EqualTo(2999));
            Assert.That(skus[0].GetProperty("stock").GetInt32(), Is.EqualTo(100));
            Assert.That(skus[1].GetProperty("skuId").GetGuid(), Is.Not.EqualTo(skus[0].GetProperty("skuId").GetGuid()));
            Assert.That(await App.ScalarAsync<long>("SELECT min_price FROM products WHERE id = @productId", new { productId }), Is.EqualTo(1899));
            Assert.That(await App.ScalarAsync<long>(
                "SELECT count(*) FROM price_history h JOIN skus s ON s.id = h.sku_id WHERE s.product_id = @productId", new { productId }),
                Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Create_AttributesInAnyKeyOrder_StoreOneCanonicalKey()
    {
        var (_, _, client) = await App.NewMerchantAsync();
        var product = SellerApi.Product(new
        {
            attributes = new Dictionary<string, string> { ["尺码"] = "M", ["颜色"] = "红" }, price = SellerApi.Money(100), listPrice = SellerApi.Money(100), stock = 1,
        });

        var created = await client.CreateProductAsync(product);

        Assert.That(await App.ScalarAsync<string>("SELECT attributes_key FROM skus WHERE id = @id", new { id = created.SkuId() }),
            Is.EqualTo("""{"尺码":"M","颜色":"红"}"""));
    }

    [Test]
    public async Task Update_DraftProduct_MatchesSkusByAttributesAddsAndRemoves()
    {
        var (_, _, client) = await App.NewMerchantAsync();
        var created = await client.CreateProductAsync();
        var productId = created.ProductId();
        var redId = created.SkuId(0);
        var update = SellerApi.Product(SellerApi.Sku("红", "M", price: 1799, listPrice: 2999, stock: 7), SellerApi.Sku("黑", "XL", price: 2599, listPrice: 2999));
        update["title"] = "纯棉短袖T恤 2026款";

        var response = await client.PutAsJsonAsync($"/api/seller/products/{productId}", update);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var product = await response.Content.ReadFromJsonAsync<JsonElement>();
        var skus = product.GetProperty("skus");
        Assert.Multiple(async () =>
        {
            Assert.That(product.GetProperty("title").GetString(), Is.EqualTo("纯棉短袖T恤 2026款"));
            Assert.That(skus.GetArrayLength(), Is.EqualTo(2));
            Assert.That(skus[0].GetProperty("skuId").GetGuid(), Is.EqualTo(redId), "the same attribute set keeps its SKU");
            Assert.That(skus[0].GetProperty("stock").GetInt32(), Is.EqualTo(7));
            Assert.That(skus[1].GetProperty("attributes").GetProperty("颜色").GetString(), Is.EqualTo("黑"));
            Assert.That(await App.ScalarAsync<long>("SELECT count(*) FROM skus WHERE product_id = @productId", new { productId }), Is.EqualTo(2));
            Assert.That(await App.ScalarAsync<long>("SELECT min_price FROM products WHERE id = @productId", new { productId }), Is.EqualTo(1799));
            Assert.That(await App.ScalarAsync<long>("SELECT count(*) FROM price_history WHERE sku_id = @redId", new { redId }), Is.EqualTo(2),
                "the price change through PUT is recorded");
        });
    }

    [Test]
    public async Task Update_PendingOrListedProduct_Returns409AndChangesNothing()
    {
        var (_, shopId, client) = await App.NewMerchantAsync();
        var pending = await client.CreateProductAsync();
        await client.SubmitAsync(pending.ProductId());
        var before = await App.ShopStateAsync(shopId);

        var response = await client.PutAsJsonAsync($"/api/seller/products/{pending.ProductId()}", SellerApi.Product());

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Multiple(async () =>
        {
            Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("product-not-editable"));
            Assert.That(await App.ShopStateAsync(shopId), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task List_OwnProducts_EveryStatusPagedWithStock()
    {
        var (_, _, client) = await App.NewMerchantAsync();
        var first = await client.CreateProductAsync();
        var second = await client.CreateProductAsync();
        var third = await client.CreateProductAsync();
        await client.SubmitAsync(second.ProductId());
        var (_, _, other) = await App.NewMerchantAsync("别人的店");
        await other.CreateProductAsync();

        var page1 = await client.GetFromJsonAsync<JsonElement>("/api/seller/products?limit=2");
        var page2 = await client.GetFromJsonAsync<JsonElement>($"/api/seller/products?limit=2&cursor={page1.GetProperty("nextCursor").GetString()}");
        var pending = await client.GetFromJsonAsync<JsonElement>("/api/seller/products?status=pending-review");

        var ids = page1.GetProperty("items").EnumerateArray().Concat(page2.GetProperty("items").EnumerateArray()).Select(p => p.ProductId()).ToList();
        var sku = page1.GetProperty("items")[0].GetProperty("skus")[0];
        Assert.Multiple(() =>
        {
            Assert.That(ids, Is.EqualTo(new[] { third.ProductId(), second.ProductId(), first.ProductId() }));
            Assert.That(page2.GetProperty("nextCursor").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(pending.GetProperty("items").EnumerateArray().Select(p => p.ProductId()), Is.EqualTo(new[] { second.ProductId() }));
            Assert.That(pending.GetProperty("items")[0].GetProperty("moderationReasons").GetArrayLength(), Is.Zero);
            Assert.That(sku.GetProperty("available").GetInt32(), Is.EqualTo(100));
            Assert.That(sku.GetProperty("reserved").GetInt32(), Is.Zero);
            Assert.That(sku.GetProperty("sold").GetInt32(), Is.Zero);
        });
    }

    [Test]
    public async Task List_BadStatusOrCursor_Returns400()
    {
        var (_, _, client) = await App.NewMerchantAsync();

        var problem = await (await client.GetAsync("/api/seller/products?status=sold-out&cursor=abc&limit=0")).AssertProblemAsync(HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.That(new[] { "status", "cursor", "limit" }.All(field => errors.TryGetProperty(field, out _)), Is.True, errors.ToString());
    }

    [Test]
    public async Task AnotherMerchantsProduct_EveryRoute_Returns404AndChangesNothing()
    {
        var (_, ownerShopId, owner) = await App.NewMerchantAsync();
        var product = await owner.CreateProductAsync();
        var (_, _, other) = await App.NewMerchantAsync("隔壁小店");
        var before = await App.ShopStateAsync(ownerShopId);

        var responses = new[]
        {
            await other.GetAsync($"/api/seller/products/{product.ProductId()}"),
            await other.PutAsJsonAsync($"/api/seller/products/{product.ProductId()}", SellerApi.Product()),
            await other.SubmitAsync(product.ProductId()),
            await other.PostAsync($"/api/seller/products/{product.ProductId()}/delist", null),
            await other.PatchSkuAsync(product.SkuId(), new { stock = 0 }),
        };

        foreach (var response in responses) await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.That(await App.ShopStateAsync(ownerShopId), Is.EqualTo(before));
    }

    [Test]
    public async Task SellerRoutes_ShopperToken_Returns403()
    {
        using var shopper = App.CreateClient(App.Tokens.For(Guid.CreateVersion7()));

        await (await shopper.PostAsJsonAsync("/api/seller/products", SellerApi.Product())).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await shopper.GetAsync("/api/seller/products")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task SellerRoutes_NoToken_Returns401()
    {
        using var anonymous = App.CreateClient();

        await (await anonymous.GetAsync("/api/seller/products")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Create_MerchantWithoutShop_Returns409ShopNotOpen()
    {
        var merchantId = Guid.CreateVersion7();
        using var merchant = App.CreateClient(App.Tokens.For(merchantId, "merchant"));

        var problem = await (await merchant.PostAsJsonAsync("/api/seller/products", SellerApi.Product())).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("shop-not-open"));
    }
}
