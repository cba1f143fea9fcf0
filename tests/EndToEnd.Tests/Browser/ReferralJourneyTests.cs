using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SocialCommerce.EndToEnd.Tests.Browser;

public sealed class ReferralJourneyTests : BrowserTest
{
    [Test]
    public async Task Shopper_SharesAProduct_FriendsPurchaseShowsCommission()
    {
        await Shopper.SignUpAsync(Page, "推广达人");
        await Page.GotoAsync("/search?q=普洱");
        await Page.Locator(".card").Nth(1).ClickAsync();
        await Page.WaitForURLAsync(new Regex("/products/[0-9a-f-]{36}$"));
        var product = new Uri(Page.Url).AbsolutePath;
        await Page.GetByRole(AriaRole.Link, new() { Name = "分享给好友" }).ClickAsync();
        var link = await Page.GetByLabel("你的专属链接").InputValueAsync();
        Assert.That(link, Does.Match($"^{Regex.Escape(Platform.GatewayUrl)}/s/[A-Z0-9]+\\?p="));

        // The friend opens the link in a chat app: the share link remembers the code and leads to the product.
        var friend = await NewPageAsync();
        await friend.GotoAsync(link);
        await friend.WaitForURLAsync(url => new Uri(url).AbsolutePath == product);
        await Shopper.SignUpAsync(friend, "被推荐的好友");
        await friend.GotoAsync(product);
        await friend.GetByRole(AriaRole.Button, new() { Name = "立即购买" }).ClickAsync();
        await Shopper.FillAddressAsync(friend, "好友");
        await friend.GetByRole(AriaRole.Button, new() { Name = "提交订单并付款" }).ClickAsync();
        await friend.WaitForURLAsync(new Regex("/pay/"));
        await friend.GetByRole(AriaRole.Button, new() { Name = "确认支付" }).ClickAsync();
        await Expect(friend.GetByText("支付成功").First).ToBeVisibleAsync();

        // OrderPaid reaches referral-commission, which accrues the sharer's frozen commission.
        var entries = await Eventually.WaitForAsync(async () =>
        {
            await Page.GotoAsync("/me/referral");
            return await Page.Locator(".commission").CountAsync();
        }, count => count > 0, TimeSpan.FromSeconds(30));
        Assert.That(entries, Is.EqualTo(1));
        await Expect(Page.Locator(".commission .status")).ToHaveTextAsync("待结算");
        await Expect(Page.Locator(".balance .frozen")).Not.ToHaveTextAsync("¥0.00");
    }
}
