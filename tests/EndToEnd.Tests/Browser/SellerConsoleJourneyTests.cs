using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SocialCommerce.EndToEnd.Tests.Browser;

/// <summary>The seller console: listing a product with SKUs, moderation reasons and an appeal, price, stock and campaigns.</summary>
public sealed class SellerConsoleJourneyTests : BrowserTest
{
    [Test]
    public async Task NewProduct_TwoSkusAndABadListPrice_FieldErrorThenListed_PriceAndStockEdited_FlashSaleCreated()
    {
        var phone = await Merchant.NewAsync("浏览器茶庄");
        await BrowserSteps.SignInAsync(Page, phone, Merchant.Password);
        var word = $"狮峰{Random.Shared.Next(1000, 9999)}";

        await Page.GotoAsync("/seller");
        await Page.GetByRole(AriaRole.Link, new() { Name = "商品管理（发布、审核、价格与库存）" }).ClickAsync();
        await Expect(Page.GetByText("还没有商品")).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "发布新商品" }).ClickAsync();
        await Page.GetByLabel("商品标题").FillAsync($"{word}龙井 明前特级");
        await Page.GetByLabel("分类").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await Page.GetByLabel("商品描述").FillAsync("西湖产区，手工炒制。");
        await Page.GetByLabel("图片地址（每行一个 https 链接）").FillAsync("https://img.example.com/tea/longjing.jpg");
        await FillSkuAsync(1, "规格:250克", "79", "99", "50");
        await FillSkuAsync(2, "规格:500克", "150", "120", "20");
        await Page.GetByRole(AriaRole.Button, new() { Name = "保存并提交审核" }).ClickAsync();

        // The API refused the second SKU: the message sits under that row, and nothing was created.
        await Expect(Page.GetByText("第 2 行 划线价")).ToBeVisibleAsync();
        Assert.That(new Uri(Page.Url).AbsolutePath, Is.EqualTo("/seller/products/new"));
        await Page.GetByLabel("划线价2").FillAsync("180");
        await Page.GetByRole(AriaRole.Button, new() { Name = "保存并提交审核" }).ClickAsync();
        await Page.WaitForURLAsync(new Regex("/seller/products/[0-9a-f-]{36}$"));
        var productPath = new Uri(Page.Url).AbsolutePath;
        await ReloadUntilAsync(Page.Locator("h1 .status"), "在售");

        var small = Page.Locator(".rows li", new() { HasText = "250克" });
        await small.GetByLabel("新售价").FillAsync("69");
        await small.GetByLabel("库存增减").FillAsync("10");
        await small.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(Page.Locator(".rows li", new() { HasText = "250克" })).ToContainTextAsync("¥69.00");
        await Expect(Page.Locator(".rows li", new() { HasText = "250克" })).ToContainTextAsync("库存 60");

        // A shopper finds it at the new price.
        var shopper = await NewPageAsync();
        await shopper.GotoAsync($"/search?q={Uri.EscapeDataString(word)}");
        await Expect(shopper.Locator(".card").First).ToContainTextAsync("¥69.00");

        await Page.GotoAsync(productPath);
        await Page.GetByRole(AriaRole.Link, new() { Name = "创建活动" }).ClickAsync();
        await Page.GetByLabel("秒杀", new() { Exact = true }).CheckAsync();
        await Page.GetByLabel("商品规格").SelectOptionAsync(new SelectOptionValue { Label = $"{word}龙井 明前特级 规格:250克 ¥69.00" });
        await Page.GetByLabel("活动价（元）").FillAsync("59");
        await Page.GetByLabel("秒杀数量").FillAsync("5");
        await Page.GetByRole(AriaRole.Button, new() { Name = "创建活动" }).ClickAsync();
        var campaign = Page.Locator("#campaigns + ul li").First;
        await Expect(campaign).ToContainTextAsync("秒杀 5 件");
        await Expect(campaign).ToContainTextAsync("¥59.00");
        await Expect(campaign.Locator(".status")).ToHaveTextAsync("未开始");
    }

    [Test]
    public async Task ProductWithAbsoluteTerms_RejectedWithReasons_MerchantAppeals_ModeratorSeesTheAppealAndApproves()
    {
        var phone = await Merchant.NewAsync("申诉茶社");
        await BrowserSteps.SignInAsync(Page, phone, Merchant.Password);
        var word = $"岩韵{Random.Shared.Next(1000, 9999)}";

        await Page.GotoAsync("/seller/products/new");
        await Page.GetByLabel("商品标题").FillAsync($"国家级工艺 {word}大红袍");
        await Page.GetByLabel("分类").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await FillSkuAsync(1, "", "128", "", "30");
        await Page.GetByRole(AriaRole.Button, new() { Name = "保存并提交审核" }).ClickAsync();
        await Page.WaitForURLAsync(new Regex("/seller/products/[0-9a-f-]{36}$"));
        await ReloadUntilAsync(Page.Locator("h1 .status"), "未通过");
        await Expect(Page.Locator(".reasons")).ToContainTextAsync("国家级");

        await Page.GetByRole(AriaRole.Link, new() { Name = "提出申诉" }).ClickAsync();
        await Page.GetByLabel("申诉说明").FillAsync($"“国家级工艺”是非遗传承人的正式称号 {word}");
        await Page.GetByRole(AriaRole.Button, new() { Name = "提交申诉" }).ClickAsync();
        await Expect(Page.GetByText("提出申诉，另一位审核员会重新审核")).ToBeVisibleAsync();

        var moderator = await NewPageAsync();
        await BrowserSteps.SignInAsync(moderator, "13800000005", "Moderator2026!demo");
        await moderator.GotoAsync("/moderation");
        var appealed = moderator.Locator(".case", new() { HasText = word });
        await Expect(appealed.Locator(".notice")).ToContainTextAsync("非遗传承人的正式称号");
        await appealed.GetByLabel("审核理由").FillAsync("非遗名录名称，属实");
        await appealed.GetByRole(AriaRole.Button, new() { Name = "通过" }).ClickAsync();
        await Expect(moderator.Locator(".case", new() { HasText = word })).ToHaveCountAsync(0);

        await Page.GetByRole(AriaRole.Link, new() { Name = "返回", Exact = true }).ClickAsync();
        await ReloadUntilAsync(Page.Locator("h1 .status"), "在售");
    }

    private async Task FillSkuAsync(int row, string attributes, string price, string listPrice, string stock)
    {
        await Page.GetByLabel($"规格{row}").FillAsync(attributes);
        await Page.GetByLabel($"售价{row}").FillAsync(price);
        await Page.GetByLabel($"划线价{row}").FillAsync(listPrice);
        await Page.GetByLabel($"库存{row}").FillAsync(stock);
    }

    /// <summary>Moderation answers over the broker: the merchant refreshes the page until the status shows.</summary>
    private async Task ReloadUntilAsync(ILocator status, string wanted)
    {
        var shown = await Eventually.WaitForAsync(async () =>
        {
            await Page.ReloadAsync();
            return await status.InnerTextAsync();
        }, text => text == wanted, TimeSpan.FromSeconds(30));
        Assert.That(shown, Is.EqualTo(wanted));
    }
}
