using Microsoft.Playwright;
using SocialCommerce.EndToEnd.Tests.Orders;
using static Microsoft.Playwright.Assertions;

namespace SocialCommerce.EndToEnd.Tests.Browser;

/// <summary>
/// Reviews in the browser: a shopper whose order arrived rates it with a photo from the order page, sees it published on
/// the product page with the verified badge, then adds her 追评 and sees it under the review.
/// </summary>
public sealed class ReviewJourneyTests : BrowserTest
{
    [Test]
    public async Task DeliveredOrder_ReviewWithPhotoThenFollowUp_BothShownOnTheProductPage()
    {
        var phone = GatewayClient.NewPhone();
        await GatewayClient.SignUpAsync(phone, Shopper.Password, nickname: "品茶的阿明");
        var sku = (await Shop.TakeSkusAsync(1))[0];
        var productId = await Shop.ProductOfAsync(sku.Id);
        Guid orderId;
        using (var shopper = GatewayClient.Create((await GatewayClient.SignInAsync(phone, Shopper.Password)).AccessToken))
        using (var merchant = await Shop.MerchantAsync())
        {
            orderId = await AfterSalesJourneyTests.DeliveredOrderAsync(shopper, merchant, (sku.Id, 1));
        }

        await BrowserSteps.SignInAsync(Page, phone, Shopper.Password);
        await Page.GotoAsync($"/orders/{orderId}");
        await Page.GetByRole(AriaRole.Link, new() { Name = "评价", Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "评价商品" })).ToBeVisibleAsync();
        // Nothing typed: the page says what is missing and sends nothing.
        await Page.GetByRole(AriaRole.Button, new() { Name = "提交评价" }).ClickAsync();
        await Expect(Page.Locator("#text-error")).ToBeVisibleAsync();
        await Page.GetByLabel("4 星").CheckAsync();
        await Page.GetByLabel("使用感受").FillAsync("包装结实，发货很快，东西和描述一致，值得回购。");
        await Page.GetByLabel("晒图链接（每行一个，最多 9 张）").FillAsync("https://img.example.com/reviews/unboxing.jpg");
        await Page.GetByRole(AriaRole.Button, new() { Name = "提交评价" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("审核通过后");

        // Moderation passes it over the broker: the order page shows it published, the product page shows it.
        await BrowserSteps.ReloadUntilShownAsync(Page, $"/orders/{orderId}",
            Page.Locator("section[aria-labelledby=order-reviews] .status", new() { HasText = "已发布" }));
        await Page.GotoAsync($"/products/{productId}");
        var review = Page.Locator(".review", new() { HasText = "包装结实，发货很快" });
        await Expect(review).ToContainTextAsync("品***明");
        await Expect(review).ToContainTextAsync("已购");
        await Expect(review.GetByRole(AriaRole.Img, new() { Name = "4 星" })).ToBeVisibleAsync();
        await Expect(review.Locator(".photos img")).ToHaveAttributeAsync("src", "https://img.example.com/reviews/unboxing.jpg");

        await Page.GotoAsync($"/orders/{orderId}");
        await Page.GetByRole(AriaRole.Link, new() { Name = "追评" }).ClickAsync();
        await Page.GetByLabel("追评内容").FillAsync("用了两周，质量依旧很好。");
        await Page.GetByRole(AriaRole.Button, new() { Name = "提交追评" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("审核通过后");
        await BrowserSteps.ReloadUntilShownAsync(Page, $"/products/{productId}", Page.Locator(".review .follow-up", new() { HasText = "用了两周，质量依旧很好。" }));
        await Expect(Page.Locator(".review", new() { HasText = "包装结实，发货很快" }).Locator(".follow-up")).ToContainTextAsync("追评");
    }
}
