using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SocialCommerce.EndToEnd.Tests.Browser;

public sealed class CheckInTests : BrowserTest
{
    [Test]
    public async Task Shopper_ChecksInOnTheAccountPage_StreakOneAndTheButtonGoneForToday()
    {
        await Shopper.SignUpAsync(Page, "签到达人");
        await Page.GotoAsync("/me");
        await Expect(Page.Locator(".streak")).ToHaveTextAsync("0");

        await Page.GetByRole(AriaRole.Button, new() { Name = "签到", Exact = true }).ClickAsync();

        await Expect(Page.Locator(".streak")).ToHaveTextAsync("1");
        await Expect(Page.GetByText("今天已签到")).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "签到", Exact = true })).ToHaveCountAsync(0);
    }
}
