using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialCommerce.Catalog.Tests.Seller;

/// <summary>Group-buy and flash-sale definitions, checked against the merchant's own listed SKU.</summary>
public sealed class CampaignTests : CatalogFixture
{
    protected override Dictionary<string, string> Settings => new() { ["Catalog:AutoApproveListings"] = "true" };

    private static readonly DateTimeOffset Tomorrow = DateTimeOffset.UtcNow.AddDays(1);

    /// <summary>SKU 0 costs 19.99 (list 29.99) with 100 in stock.</summary>
    private async Task<(Guid ShopId, HttpClient Client, Guid SkuId)> ListedSkuAsync()
    {
        var (_, shopId, client) = await App.NewMerchantAsync();
        var product = await client.CreateProductAsync();
        Assert.That((await client.SubmitAsync(product.ProductId())).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        return (shopId, client, product.SkuId());
    }

    private static Dictionary<string, object?> GroupBuy(Guid skuId) => new()
    {
        ["type"] = "group-buy", ["skuId"] = skuId, ["price"] = SellerApi.Money(1499),
        ["startsAt"] = Tomorrow, ["endsAt"] = Tomorrow.AddDays(7), ["teamSize"] = 3, ["teamHours"] = 24,
    };

    private static Dictionary<string, object?> FlashSale(Guid skuId) => new()
    {
        ["type"] = "flash-sale", ["skuId"] = skuId, ["price"] = SellerApi.Money(999),
        ["startsAt"] = Tomorrow, ["endsAt"] = Tomorrow.AddHours(2), ["quota"] = 50, ["perUserLimit"] = 1,
    };

    [Test]
    public async Task Create_ValidGroupBuyAndFlashSale_Returns201AndListsThem()
    {
        var (_, client, skuId) = await ListedSkuAsync();
        var flash = FlashSale(skuId);
        flash["startsAt"] = Tomorrow.AddDays(8);
        flash["endsAt"] = Tomorrow.AddDays(8).AddHours(2);

        var groupBuy = await client.PostAsJsonAsync("/api/seller/campaigns", GroupBuy(skuId));
        var flashSale = await client.PostAsJsonAsync("/api/seller/campaigns", flash);

        Assert.That(groupBuy.StatusCode, Is.EqualTo(HttpStatusCode.Created), await groupBuy.Content.ReadAsStringAsync());
        Assert.That(flashSale.StatusCode, Is.EqualTo(HttpStatusCode.Created), await flashSale.Content.ReadAsStringAsync());
        var created = await groupBuy.Content.ReadFromJsonAsync<JsonElement>();
        var list = await client.GetFromJsonAsync<JsonElement>("/api/seller/campaigns");
        Assert.Multiple(() =>
        {
            Assert.That(created.GetProperty("campaignId").GetGuid(), Is.Not.EqualTo(Guid.Empty));
            Assert.That(created.GetProperty("type").GetString(), Is.EqualTo("group-buy"));
            Assert.That(created.GetProperty("price").GetProperty("amount").GetInt64(), Is.EqualTo(1499));
            Assert.That(created.GetProperty("teamSize").GetInt32(), Is.EqualTo(3));
            Assert.That(list.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("type").GetString()),
                Is.EqualTo(new[] { "flash-sale", "group-buy" }));
        });
    }

    public static IEnumerable<TestCaseData> BadCampaigns()
    {
        TestCaseData Case(string name, string field, Action<Dictionary<string, object?>> spoil, bool flash = false) =>
            new TestCaseData(field, spoil, flash).SetArgDisplayNames(name);

        yield return Case("unknown type", "type", c => c["type"] = "lottery");
        yield return Case("price not below SKU price", "price", c => c["price"] = SellerApi.Money(1999));
        yield return Case("price above list price", "price", c => c["price"] = SellerApi.Money(3500));
        yield return Case("zero price", "price", c => c["price"] = SellerApi.Money(0));
        yield return Case("price in USD", "price", c => c["price"] = SellerApi.Money(999, "USD"));
        yield return Case("starts in the past", "startsAt", c => c["startsAt"] = DateTimeOffset.UtcNow.AddMinutes(-1));
        yield return Case("ends before it starts", "endsAt", c => c["endsAt"] = Tomorrow.AddHours(-1));
        yield return Case("longer than 30 days", "endsAt", c => c["endsAt"] = Tomorrow.AddDays(30).AddMinutes(1));
        yield return Case("team of 1", "teamSize", c => c["teamSize"] = 1);
        yield return Case("team of 51", "teamSize", c => c["teamSize"] = 51);
        yield return Case("no team size", "teamSize", c => c.Remove("teamSize"));
        yield return Case("team hours 0", "teamHours", c => c["teamHours"] = 0);
        yield return Case("team hours 73", "teamHours", c => c["teamHours"] = 73);
        yield return Case("per-user limit 0", "perUserLimit", c => c["perUserLimit"] = 0);
        yield return Case("no quota", "quota", c => c.Remove("quota"), flash: true);
        yield return Case("quota above stock", "quota", c => c["quota"] = 101, flash: true);
        yield return Case("quota past the stock bound", "quota", c => c["quota"] = 10_000_001, flash: true);
        yield return Case("per-user limit past the bound", "perUserLimit", c => c["perUserLimit"] = 10_000_001);
        yield return Case("team size on a flash sale", "teamSize", c => c["teamSize"] = 3, flash: true);
    }

    [TestCaseSource(nameof(BadCampaigns))]
    public async Task Create_BadCampaign_Returns400NamingFieldAndChangesNothing(string field, Action<Dictionary<string, object?>> spoil, bool flash)
    {
        var (shopId, client, skuId) = await ListedSkuAsync();
        var campaign = flash ? FlashSale(skuId) : GroupBuy(skuId);
        spoil(campaign);
        var before = await App.ShopStateAsync(shopId);

        var response = await client.PostAsJsonAsync("/api/seller/campaigns", campaign);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Multiple(async () =>
        {
            Assert.That(problem.GetProperty("errors").TryGetProperty(field, out _), Is.True, problem.ToString());
            Assert.That(await App.ShopStateAsync(shopId), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task Create_TimesInBeijingOffset_Returns201WithTheSameInstants()
    {
        var (_, client, skuId) = await ListedSkuAsync();
        var startsAt = new DateTimeOffset(Tomorrow.UtcDateTime.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero)
            .ToOffset(TimeSpan.FromHours(8));
        var campaign = GroupBuy(skuId);
        campaign["startsAt"] = startsAt;
        campaign["endsAt"] = startsAt.AddDays(1);

        var response = await client.PostAsJsonAsync("/api/seller/campaigns", campaign);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(created.GetProperty("startsAt").GetDateTimeOffset(), Is.EqualTo(startsAt));
        Assert.That(created.GetProperty("endsAt").GetDateTimeOffset(), Is.EqualTo(startsAt.AddDays(1)));
    }

    [Test]
    public async Task Create_OnAnotherMerchantsSku_Returns404()
    {
        var (_, _, skuId) = await ListedSkuAsync();
        var (_, otherShopId, other) = await App.NewMerchantAsync("别家店");

        await (await other.PostAsJsonAsync("/api/seller/campaigns", GroupBuy(skuId))).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.That(await App.ScalarAsync<long>("SELECT count(*) FROM campaigns WHERE sku_id = @skuId", new { skuId }), Is.Zero);
        Assert.That(await App.ScalarAsync<long>("SELECT count(*) FROM campaigns WHERE shop_id = @otherShopId", new { otherShopId }), Is.Zero);
    }

    [Test]
    public async Task Create_ProductNotListed_Returns409()
    {
        var (shopId, client, _) = await ListedSkuAsync();
        var draft = await client.CreateProductAsync();
        var before = await App.ShopStateAsync(shopId);

        var response = await client.PostAsJsonAsync("/api/seller/campaigns", GroupBuy(draft.SkuId()));

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Multiple(async () =>
        {
            Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("product-not-listed"));
            Assert.That(await App.ShopStateAsync(shopId), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task Create_OverlappingWindowOnSameSku_Returns409()
    {
        var (_, client, skuId) = await ListedSkuAsync();
        Assert.That((await client.PostAsJsonAsync("/api/seller/campaigns", GroupBuy(skuId))).StatusCode, Is.EqualTo(HttpStatusCode.Created));

        var overlapping = await client.PostAsJsonAsync("/api/seller/campaigns", FlashSale(skuId));

        var problem = await overlapping.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Multiple(async () =>
        {
            Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("campaign-overlap"));
            Assert.That(await App.ScalarAsync<long>("SELECT count(*) FROM campaigns WHERE sku_id = @skuId", new { skuId }), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task List_OtherMerchantsCampaigns_NotShown()
    {
        var (_, client, skuId) = await ListedSkuAsync();
        await client.PostAsJsonAsync("/api/seller/campaigns", GroupBuy(skuId));
        var (_, _, other) = await App.NewMerchantAsync("别家店");

        var list = await other.GetFromJsonAsync<JsonElement>("/api/seller/campaigns");

        Assert.That(list.GetProperty("items").GetArrayLength(), Is.Zero);
    }
}
