using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SocialCommerce.EndToEnd.Tests.Orders;
using static Microsoft.Playwright.Assertions;

namespace SocialCommerce.EndToEnd.Tests.Browser;

/// <summary>Group-buys and flash sales in the browser; the merchant's campaigns are set up through the API.</summary>
public sealed class CampaignJourneyTests : BrowserTest
{
    [Test]
    public async Task TeamOfThree_FriendsJoinFromTheSharedTeamLink_TeamCompletes()
    {
        var sku = (await Shop.TakeSkusAsync(1))[0];
        using var merchant = await Shop.MerchantAsync();
        await GroupBuy.CampaignAsync(merchant, sku, teamSize: 3, TimeSpan.FromHours(1));

        await Shopper.SignUpAsync(Page, "团长");
        await Page.GotoAsync($"/products/{await Shop.ProductOfAsync(sku.Id)}");
        await Expect(Page.GetByText("3 人团")).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "发起拼团" }).ClickAsync();
        await Shopper.FillAddressAsync(Page, "团长");
        await Page.GetByRole(AriaRole.Button, new() { Name = "开团并付款" }).ClickAsync();
        await PayAndReturnAsync(Page);
        await Page.WaitForURLAsync(new Regex("/teams/"));
        var teamLink = await Page.GetByLabel("邀请好友参团").InputValueAsync();
        Assert.That(teamLink, Does.Match($"^{Regex.Escape(Platform.GatewayUrl)}/teams/[0-9a-f-]{{36}}"));

        foreach (var friend in new[] { "好友甲", "好友乙" })
        {
            var page = await NewPageAsync();
            await Shopper.SignUpAsync(page, friend);
            await page.GotoAsync(teamLink);
            await Expect(page.Locator(".team-state")).ToContainTextAsync("还差");
            await Shopper.FillAddressAsync(page, friend);
            await page.GetByRole(AriaRole.Button, new() { Name = "参团并付款" }).ClickAsync();
            await PayAndReturnAsync(page);
            await page.WaitForURLAsync(new Regex("/teams/"));
        }

        // The last payment completes the team once its callback has arrived.
        var state = await Eventually.WaitForAsync(async () =>
        {
            await Page.ReloadAsync();
            return await Page.Locator(".team-state").InnerTextAsync();
        }, text => text.Contains("拼团成功"), TimeSpan.FromSeconds(30));
        Assert.That(state, Does.Contain("拼团成功"));
    }

    [Test]
    public async Task FlashSale_LastUnitTakenByAnother_BuyerSeesSoldOut()
    {
        var sku = (await Shop.TakeSkusAsync(1))[0];
        using var merchant = await Shop.MerchantAsync();
        var campaignId = await FlashSale.CampaignAsync(merchant, sku, quota: 1, perUserLimit: 1);
        using var quicker = await Shop.NewShopperAsync();
        Assert.That((await FlashSale.BuyAsync(quicker, campaignId)).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));

        await Shopper.SignUpAsync(Page, "秒杀买家");
        await Page.GotoAsync($"/products/{await Shop.ProductOfAsync(sku.Id)}");
        // This sale's own link: another test's sale may run on a SKU of the same product.
        var buy = Page.Locator($"a[href='/flash-sales/{campaignId}/buy']");
        await Expect(buy).ToHaveTextAsync("立即抢购");
        await buy.ClickAsync();
        await Shopper.FillAddressAsync(Page, "秒杀买家");
        await Page.GetByRole(AriaRole.Button, new() { Name = "立即抢购" }).ClickAsync();

        await Expect(Page.Locator(".sold-out")).ToHaveTextAsync("已抢光");
    }

    [Test]
    public async Task FlashSale_Admitted_TicketPageWaitsForTheOrderThenPays()
    {
        var sku = (await Shop.TakeSkusAsync(1))[0];
        using var merchant = await Shop.MerchantAsync();
        var campaignId = await FlashSale.CampaignAsync(merchant, sku, quota: 5, perUserLimit: 1);

        await Shopper.SignUpAsync(Page, "抢到的买家");
        await Page.GotoAsync($"/flash-sales/{campaignId}/buy");
        await Shopper.FillAddressAsync(Page, "抢到的买家");
        await Page.GetByRole(AriaRole.Button, new() { Name = "立即抢购" }).ClickAsync();
        // The ticket page (it may already have moved on: the order is often placed within a refresh).
        await Page.WaitForURLAsync(new Regex("/flash-sales/tickets/|/pay/"));
        await PayAndReturnAsync(Page);
        await Page.WaitForURLAsync(new Regex("/orders/[0-9a-f-]{36}"));

        // Paid once the sandbox's callback has arrived.
        var status = await Eventually.WaitForAsync(async () =>
        {
            await Page.ReloadAsync();
            return await Page.Locator("h1 .status").InnerTextAsync();
        }, text => text == "待发货", TimeSpan.FromSeconds(30));
        Assert.Multiple(async () =>
        {
            Assert.That(status, Is.EqualTo("待发货"));
            Assert.That(await FlashSale.SoldAsync(campaignId), Is.EqualTo(1));
        });
    }

    private static async Task PayAndReturnAsync(IPage page)
    {
        await page.WaitForURLAsync(new Regex("/pay/"));
        await page.GetByRole(AriaRole.Button, new() { Name = "确认支付" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "返回商户" }).ClickAsync();
    }
}
