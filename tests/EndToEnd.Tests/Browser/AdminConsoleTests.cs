using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SocialCommerce.EndToEnd.Tests.Browser;

/// <summary>The platform's admins in the browser: merchant applications, roles, referral rules.</summary>
public sealed class AdminConsoleTests : BrowserTest
{
    private const string AdminPhone = "13800000000", AdminPassword = "Admin2026!demo";

    [Test]
    public async Task ShopApplication_AdminApprovesInTheConsole_ApplicantGetsTheSellerConsole()
    {
        var phone = await Shopper.SignUpAsync(Page, "想开店的人");
        var shopName = $"小院茶舍{Random.Shared.Next(1000, 9999)}";
        await Page.GotoAsync("/me");
        await Page.GetByRole(AriaRole.Link, new() { Name = "申请开店" }).ClickAsync();
        await Page.GetByLabel("店铺名称").FillAsync(shopName);
        await Page.GetByLabel("营业执照号（统一社会信用代码）").FillAsync("91330100MA2H3X4Y5P");
        await Page.GetByLabel("联系人").FillAsync("陈七");
        await Page.GetByRole(AriaRole.Button, new() { Name = "提交申请" }).ClickAsync();
        await Expect(Page.Locator(".notice .status")).ToHaveTextAsync("审核中");

        var admin = await NewPageAsync();
        await BrowserSteps.SignInAsync(admin, AdminPhone, AdminPassword);
        await admin.GotoAsync("/me");
        await admin.GetByRole(AriaRole.Link, new() { Name = "运营管理" }).ClickAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "开店申请" }).ClickAsync();
        var application = admin.Locator(".application", new() { HasText = shopName });
        await application.GetByRole(AriaRole.Button, new() { Name = "通过" }).ClickAsync();
        await Expect(admin.Locator(".application", new() { HasText = shopName })).ToHaveCountAsync(0);
        await admin.GotoAsync("/admin/merchant-applications?status=approved");
        await Expect(admin.Locator(".application", new() { HasText = shopName }).Locator(".status")).ToHaveTextAsync("已通过");

        await Page.ReloadAsync();
        await Expect(Page.Locator(".notice .status")).ToHaveTextAsync("已通过");
        // The merchant role is in the next token: signing in again gives it at once.
        await Page.GotoAsync("/me");
        await Page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
        await BrowserSteps.SignInAsync(Page, phone, Shopper.Password);
        await Page.GotoAsync("/me");
        await Page.GetByRole(AriaRole.Link, new() { Name = "商家后台" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "商家后台" })).ToBeVisibleAsync();
    }

    [Test]
    public async Task Admin_AppointsAndRemovesAModerator_RefusedReferralRateShownAtItsField_RulesUnchanged()
    {
        var userId = await GatewayClient.SignUpAsync(GatewayClient.NewPhone());
        await BrowserSteps.SignInAsync(Page, AdminPhone, AdminPassword);

        await Page.GotoAsync("/admin/roles");
        await Page.GetByLabel("用户 ID（在用户主页的地址里）").FillAsync(userId.ToString());
        await Page.GetByRole(AriaRole.Button, new() { Name = "查找" }).ClickAsync();
        await Expect(Page.GetByText("的角色：")).ToContainTextAsync("普通用户");
        await Page.GetByRole(AriaRole.Button, new() { Name = "任命审核员" }).ClickAsync();
        await Expect(Page.GetByText("的角色：")).ToContainTextAsync("审核员");
        await Page.GetByRole(AriaRole.Button, new() { Name = "撤销审核员" }).ClickAsync();
        await Expect(Page.GetByText("的角色：")).Not.ToContainTextAsync("审核员");

        await Page.GotoAsync("/admin/referral-rules");
        var rate = Page.GetByLabel("一级佣金比例（%）");
        var before = await rate.InputValueAsync();
        // The browser's own max would stop 60 before it is sent; the API's refusal is what this checks.
        await rate.EvaluateAsync("input => input.removeAttribute('max')");
        await rate.FillAsync("60");
        await Page.GetByRole(AriaRole.Button, new() { Name = "保存规则" }).ClickAsync();
        await Expect(Page.Locator(".field-error")).ToContainTextAsync(new Regex("0.5"));
        await Page.GotoAsync("/admin/referral-rules");
        await Expect(Page.GetByLabel("一级佣金比例（%）")).ToHaveValueAsync(before);

        await Page.GotoAsync("/admin/fraud-flags");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "分销风控" })).ToBeVisibleAsync();
    }
}
