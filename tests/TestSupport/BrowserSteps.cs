using Microsoft.Playwright;

namespace SocialCommerce.TestSupport;

/// <summary>Steps through the web client's pages shared by the browser tests and the web benchmark.</summary>
public static class BrowserSteps
{
    public static async Task SignInAsync(IPage page, string phone, string password)
    {
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("手机号").FillAsync(phone);
        await page.GetByLabel("密码").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
    }
}
