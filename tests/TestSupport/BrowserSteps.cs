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

    /// <summary>
    /// Opens <paramref name="path"/> again until <paramref name="locator"/> finds something: what arrives over the broker
    /// (a moderation decision, say) shows on a later load, not on the open page.
    /// </summary>
    public static async Task ReloadUntilShownAsync(IPage page, string path, ILocator locator)
    {
        var count = await Eventually.WaitForAsync(async () =>
        {
            await page.GotoAsync(path);
            return await locator.CountAsync();
        }, found => found > 0, TimeSpan.FromSeconds(30));
        if (count == 0) throw new TimeoutException($"{locator} did not show on {path} within 30 s.");
    }
}
