using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SocialCommerce.EndToEnd.Tests.Browser;

/// <summary>PIPL in the browser: consents, the data export as a file, and erasure that also ends the session.</summary>
public sealed class AccountPrivacyTests : BrowserTest
{
    [Test]
    public async Task Shopper_WithdrawsAConsent_DownloadsHerData_ErasesTheAccount_CannotSignInAgain()
    {
        var phone = await Shopper.SignUpAsync(Page, "隐私买家");
        await Page.GotoAsync("/me");
        await Page.GetByRole(AriaRole.Link, new() { Name = "隐私与数据" }).ClickAsync();

        var socialProof = Page.GetByLabel("让关注我的人看到我买过什么");
        await socialProof.UncheckAsync();
        await Page.GetByLabel("接收优惠活动消息").CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "保存授权" }).ClickAsync();
        await Expect(Page.GetByText("已保存")).ToBeVisibleAsync();
        await Page.ReloadAsync();
        await Expect(socialProof).Not.ToBeCheckedAsync();
        await Expect(Page.GetByLabel("接收优惠活动消息")).ToBeCheckedAsync();

        var download = await Page.RunAndWaitForDownloadAsync(() => Page.GetByRole(AriaRole.Link, new() { Name = "下载数据" }).ClickAsync());
        var file = await download.PathAsync();
        using var export = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        Assert.That(export.RootElement.GetProperty("phone").GetString(), Is.EqualTo(phone));
        Assert.That(export.RootElement.GetProperty("nickname").GetString(), Is.EqualTo("隐私买家"));
        Assert.That(export.RootElement.GetProperty("consents").GetProperty("socialProof").GetBoolean(), Is.False);
        Assert.That(export.RootElement.GetProperty("services").EnumerateObject().Select(part => part.Name), Does.Contain("order"));

        // Unticked, the form refuses and the account stays.
        await Page.GetByRole(AriaRole.Button, new() { Name = "注销账号" }).ClickAsync();
        await Expect(Page.GetByText("请先勾选确认")).ToBeVisibleAsync();
        await Page.GetByLabel("我了解注销后无法恢复").CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "注销账号" }).ClickAsync();
        await Expect(Page.GetByText("账号已注销")).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "登录" })).ToBeVisibleAsync();

        await Page.GotoAsync("/account/sign-in");
        await Page.GetByLabel("手机号").FillAsync(phone);
        await Page.GetByLabel("密码").FillAsync(Shopper.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Expect(Page.GetByText("手机号或密码不正确。")).ToBeVisibleAsync();
    }
}
