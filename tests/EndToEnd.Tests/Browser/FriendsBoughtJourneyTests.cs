using System.Net.Http.Json;
using Microsoft.Playwright;
using SocialCommerce.EndToEnd.Tests.Orders;
using static Microsoft.Playwright.Assertions;

namespace SocialCommerce.EndToEnd.Tests.Browser;

/// <summary>The product page tells a shopper which people she follows bought it, if they said she may know.</summary>
public sealed class FriendsBoughtJourneyTests : BrowserTest
{
    [Test]
    public async Task FollowedFriendConsentedAndBought_ProductPageSaysSo_WithdrawnConsentHidesIt()
    {
        var phone = GatewayClient.NewPhone();
        await GatewayClient.SignUpAsync(phone, Shopper.Password, nickname: "看好友买什么的人");
        var friendPhone = GatewayClient.NewPhone();
        var friendId = await GatewayClient.SignUpAsync(friendPhone, nickname: "爱喝茶的朋友");
        var sku = (await Shop.TakeSkusAsync(1))[0];
        using var friend = GatewayClient.Create((await GatewayClient.SignInAsync(friendPhone)).AccessToken);
        (await friend.PutAsJsonAsync("/api/identity/me/consents", new { socialProof = true, personalisedRecommendations = false, marketing = false }))
            .EnsureSuccessStatusCode();
        await Shop.PaidOrderAsync(friend, (sku.Id, 1));

        await BrowserSteps.SignInAsync(Page, phone, Shopper.Password);
        await Page.GotoAsync($"/users/{friendId}");
        await Page.GetByRole(AriaRole.Button, new() { Name = "关注", Exact = true }).ClickAsync();
        var product = $"/products/{await Shop.ProductOfAsync(sku.Id)}";
        var line = Page.Locator(".friends-bought");
        var shown = await Eventually.WaitForAsync(async () =>
        {
            await Page.GotoAsync(product);
            return await line.CountAsync();
        }, count => count == 1, TimeSpan.FromSeconds(20));
        Assert.That(shown, Is.EqualTo(1));
        await Expect(line).ToContainTextAsync("你关注的 爱喝茶的朋友");

        (await friend.PutAsJsonAsync("/api/identity/me/consents", new { socialProof = false, personalisedRecommendations = false, marketing = false }))
            .EnsureSuccessStatusCode();
        var hidden = await Eventually.WaitForAsync(async () =>
        {
            await Page.GotoAsync(product);
            return await line.CountAsync();
        }, count => count == 0, TimeSpan.FromSeconds(20));
        Assert.That(hidden, Is.Zero);
    }
}
