using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SocialCommerce.EndToEnd.Tests.Orders;
using static Microsoft.Playwright.Assertions;

namespace SocialCommerce.EndToEnd.Tests.Browser;

/// <summary>
/// Recommendations in the web client: the home page's 为你推荐 shelf (labelled with why each product is there), 相似商品 on
/// the product page, and the views the product page reports. The model job runs every second in the test platform, so what
/// a purchase changes shows on a reload a few seconds later.
/// </summary>
public sealed class RecommendationPagesTests : BrowserTest
{
    [Test]
    public async Task FollowedFriendBought_HomePage_ShelfShowsProductLabelledFriendsBought()
    {
        var phone = GatewayClient.NewPhone();
        await GatewayClient.SignUpAsync(phone, Shopper.Password, nickname: "等推荐的人");
        using var shopper = GatewayClient.Create((await GatewayClient.SignInAsync(phone, Shopper.Password)).AccessToken);
        await ConsentAsync(shopper, socialProof: false, personalised: true);
        var friendPhone = GatewayClient.NewPhone();
        var friendId = await GatewayClient.SignUpAsync(friendPhone, nickname: "会挑东西的朋友");
        using var friend = GatewayClient.Create((await GatewayClient.SignInAsync(friendPhone)).AccessToken);
        await ConsentAsync(friend, socialProof: true, personalised: false);

        await BrowserSteps.SignInAsync(Page, phone, Shopper.Password);
        await Page.GotoAsync($"/users/{friendId}");
        await Page.GetByRole(AriaRole.Button, new() { Name = "关注", Exact = true }).ClickAsync();
        var sku = (await Shop.TakeSkusAsync(1))[0];
        await Shop.PaidOrderAsync(friend, (sku.Id, 1));
        var title = await TitleOfAsync(await Shop.ProductOfAsync(sku.Id));

        var card = Page.Locator(".for-you .card", new() { HasText = title });
        await BrowserSteps.ReloadUntilShownAsync(Page, "/", card.Filter(new() { HasText = "好友买过" }));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "为你推荐" })).ToBeVisibleAsync();
        await Expect(card.Locator(".reason")).ToHaveTextAsync("好友买过");
        await Expect(Page.Locator(".for-you .card").First).ToContainTextAsync(title);
    }

    [Test]
    public async Task Visitor_HomePage_ShelfShowsTrendingLabelledHot()
    {
        var shelf = Page.Locator(".for-you .card");
        await BrowserSteps.ReloadUntilShownAsync(Page, "/", shelf);

        var labels = await Page.Locator(".for-you .card .reason").AllInnerTextsAsync();
        Assert.That(labels, Has.Count.EqualTo(await shelf.CountAsync()), "every card says why it is there");
        Assert.That(labels, Is.All.EqualTo("热销"), "a visitor gets what is trending (or popular)");
        Assert.That(await shelf.CountAsync(), Is.LessThanOrEqualTo(8));
        await Expect(Page.Locator("#best-sellers")).ToBeVisibleAsync();
    }

    [Test]
    public async Task CoBoughtProducts_ProductPage_ShowsTheOtherUnderSimilar()
    {
        var (first, second) = await TwoProductsAsync();
        using var coBuyer = await Shop.NewShopperAsync();
        await Shop.PaidOrderAsync(coBuyer, (first.Sku, 1), (second.Sku, 1));
        var title = await TitleOfAsync(second.Product);

        var similar = Page.Locator("section:has(#similar) .card", new() { HasText = title });
        await BrowserSteps.ReloadUntilShownAsync(Page, $"/products/{first.Product}", similar);
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "相似商品" })).ToBeVisibleAsync();
        await similar.First.ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
    }

    [Test]
    public async Task SignedInShopperOpensProduct_RecommendationExport_HasTheView()
    {
        var phone = GatewayClient.NewPhone();
        await GatewayClient.SignUpAsync(phone, Shopper.Password, nickname: "随便看看的人");
        using var shopper = GatewayClient.Create((await GatewayClient.SignInAsync(phone, Shopper.Password)).AccessToken);
        var product = await Shop.ProductOfAsync((await Shop.TakeSkusAsync(1))[0].Id);

        await BrowserSteps.SignInAsync(Page, phone, Shopper.Password);
        await Page.GotoAsync($"/products/{product}");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();

        var views = await Eventually.WaitForAsync(() => ViewsInExportAsync(shopper, product), count => count > 0, TimeSpan.FromSeconds(30));
        Assert.That(views, Is.EqualTo(1), "one view of the product, reported by the page");
    }

    private sealed record Listed(Guid Sku, Guid Product);

    /// <summary>Untouched SKUs (Shop's protocol) of two different products: a demo product may have several SKUs.</summary>
    private static async Task<(Listed, Listed)> TwoProductsAsync()
    {
        var first = (await Shop.TakeSkusAsync(1))[0].Id;
        var firstProduct = await Shop.ProductOfAsync(first);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var second = (await Shop.TakeSkusAsync(1))[0].Id;
            var secondProduct = await Shop.ProductOfAsync(second);
            if (secondProduct != firstProduct) return (new(first, firstProduct), new(second, secondProduct));
        }

        throw new InvalidOperationException("No second product among the next five SKUs of the demo shop.");
    }

    private static async Task<string> TitleOfAsync(Guid productId)
    {
        using var anonymous = GatewayClient.Create();
        return (await anonymous.Api().Catalog.Products[productId].GetAsync())!.Title!;
    }

    private static async Task ConsentAsync(HttpClient person, bool socialProof, bool personalised)
    {
        var response = await person.PutAsJsonAsync("/api/identity/me/consents",
            new { socialProof, personalisedRecommendations = personalised, marketing = false });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    private static async Task<int> ViewsInExportAsync(HttpClient shopper, Guid productId)
    {
        var export = await shopper.GetFromJsonAsync<JsonElement>("/api/recommendation/me/export");
        return export.GetProperty("signals").EnumerateArray()
            .Count(signal => signal.GetProperty("kind").GetString() == "view" && signal.GetProperty("product_id").GetGuid() == productId);
    }
}
