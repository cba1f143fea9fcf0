using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SocialCommerce.EndToEnd.Tests.Browser;

public sealed class ShoppingJourneyTests : BrowserTest
{
    [Test]
    public async Task NewShopper_BuysAndPays_MerchantShipsAndShopperConfirmsReceipt()
    {
        await Shopper.SignUpAsync(Page, "浏览器买家");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "我的" })).ToBeVisibleAsync();

        await Page.GetByLabel("搜索商品").FillAsync("普洱");
        await Page.GetByLabel("搜索商品").PressAsync("Enter");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("搜索“普洱”");
        var first = Page.Locator(".card").First;
        await Expect(first.Locator("em").First).ToHaveTextAsync("普洱");
        var title = (await first.Locator(".title").InnerTextAsync()).Trim();
        await first.ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
        await Page.GetByRole(AriaRole.Button, new() { Name = "立即购买" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "确认订单" })).ToBeVisibleAsync();
        await Expect(Page.Locator(".rows")).ToContainTextAsync(title);
        await Shopper.FillAddressAsync(Page, "张三");
        await Page.GetByRole(AriaRole.Button, new() { Name = "提交订单并付款" }).ClickAsync();

        // The sandbox provider's cashier, on its own origin, then back to the order.
        await Page.WaitForURLAsync(new Regex("/pay/"));
        await Page.GetByRole(AriaRole.Button, new() { Name = "确认支付" }).ClickAsync();
        await Expect(Page.GetByText("支付成功").First).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "返回商户" }).ClickAsync();
        await Page.WaitForURLAsync(new Regex("/orders/"));

        // The provider's callback reaches the order a moment later: the shopper refreshes until it shows.
        var status = await Eventually.WaitForAsync(async () =>
        {
            await Page.ReloadAsync();
            return await Page.Locator("h1 .status").InnerTextAsync();
        }, text => text == "待发货", TimeSpan.FromSeconds(30));
        Assert.That(status, Is.EqualTo("待发货"), "paid, waiting for the merchant to ship");
        await Expect(Page.Locator(".rows")).ToContainTextAsync(title);
        var orderNo = (await Page.Locator("h1").InnerTextAsync()).Split(' ')[1];

        // 山野茶铺's merchant, on another phone, ships it from the seller console.
        var merchant = await NewPageAsync();
        await BrowserSteps.SignInAsync(merchant, "13800000003", "Merchant2026!demo");
        await merchant.GotoAsync("/seller/orders");
        await merchant.GetByRole(AriaRole.Link).Filter(new() { HasText = orderNo }).ClickAsync();
        await Expect(merchant.Locator(".ship-to")).ToContainTextAsync("张三");
        await Expect(merchant.Locator(".ship-to")).ToContainTextAsync("文三路 90 号");
        await merchant.GotoAsync("/seller/orders");
        var row = merchant.Locator(".seller-order", new() { HasText = orderNo });
        await row.GetByLabel("快递公司").SelectOptionAsync("sf");
        await row.GetByLabel("运单号").FillAsync("SF" + Random.Shared.NextInt64(1_000_000_000, 9_999_999_999));
        await row.GetByRole(AriaRole.Button, new() { Name = "发货" }).ClickAsync();
        await Expect(merchant.Locator(".seller-order", new() { HasText = orderNo })).ToHaveCountAsync(0);

        await Page.ReloadAsync();
        await Expect(Page.Locator("h1 .status")).ToHaveTextAsync("已发货");
        await Expect(Page.Locator("#shipment")).ToContainTextAsync("sf");
        await Page.GetByRole(AriaRole.Button, new() { Name = "确认收货" }).ClickAsync();
        await Expect(Page.Locator("h1 .status")).ToHaveTextAsync("已完成");
    }
}
