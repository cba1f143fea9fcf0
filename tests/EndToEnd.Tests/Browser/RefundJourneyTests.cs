using Microsoft.Playwright;
using SocialCommerce.EndToEnd.Tests.Orders;
using static Microsoft.Playwright.Assertions;

namespace SocialCommerce.EndToEnd.Tests.Browser;

/// <summary>After-sales in the browser: a shopper asks for a refund of a delivered order, the merchant approves it.</summary>
public sealed class RefundJourneyTests : BrowserTest
{
    [Test]
    public async Task DeliveredOrder_ShopperAsksForARefund_MerchantApprovesInTheConsole_OrderRefunded()
    {
        var phone = GatewayClient.NewPhone();
        await GatewayClient.SignUpAsync(phone, Shopper.Password);
        var sku = (await Shop.TakeSkusAsync(1))[0];
        Guid orderId;
        using (var shopper = GatewayClient.Create((await GatewayClient.SignInAsync(phone, Shopper.Password)).AccessToken))
        using (var merchant = await Shop.MerchantAsync())
        {
            orderId = await AfterSalesJourneyTests.DeliveredOrderAsync(shopper, merchant, (sku.Id, 1));
        }

        await BrowserSteps.SignInAsync(Page, phone, Shopper.Password);
        await Page.GotoAsync($"/orders/{orderId}");
        await Expect(Page.Locator("h1 .status")).ToHaveTextAsync("已签收");
        await Page.GetByLabel("退款理由").FillAsync("茶叶受潮结块");
        await Page.GetByRole(AriaRole.Button, new() { Name = "申请退款" }).ClickAsync();
        await Expect(Page.Locator("h1 .status")).ToHaveTextAsync("退款申请中");

        var merchantPage = await NewPageAsync();
        await BrowserSteps.SignInAsync(merchantPage, Shop.MerchantPhone, Shop.MerchantPassword);
        await merchantPage.GotoAsync("/seller");
        await merchantPage.GetByRole(AriaRole.Link, new() { Name = "退款申请" }).ClickAsync();
        var request = merchantPage.Locator(".refund-request", new() { HasText = orderId.ToString("N")[..8] });
        await Expect(request).ToContainTextAsync("茶叶受潮结块");
        await request.GetByLabel("处理意见").FillAsync("同意，七天无理由");
        await request.GetByRole(AriaRole.Button, new() { Name = "同意退款" }).ClickAsync();
        await Expect(merchantPage.Locator(".refund-request", new() { HasText = orderId.ToString("N")[..8] })).ToHaveCountAsync(0);

        // The refund goes through the payment provider and back over the broker: the shopper refreshes until it shows.
        var status = await Eventually.WaitForAsync(async () =>
        {
            await Page.ReloadAsync();
            return await Page.Locator("h1 .status").InnerTextAsync();
        }, text => text == "已退款", TimeSpan.FromSeconds(30));
        Assert.That(status, Is.EqualTo("已退款"));
    }
}
