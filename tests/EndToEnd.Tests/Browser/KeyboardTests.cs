using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SocialCommerce.EndToEnd.Tests.Browser;

/// <summary>Pages work without a pointer: fields and buttons are reached with Tab in reading order and act on Enter.</summary>
public sealed class KeyboardTests : BrowserTest
{
    [Test]
    public async Task SignInAndBuy_KeyboardOnly_ReachesEveryStepWithTabAndEnter()
    {
        var phone = await Shopper.SignUpAsync(Page, "键盘用户");
        await Page.Context.ClearCookiesAsync();

        await Page.GotoAsync("/account/sign-in");
        await TabToAsync("el.name === 'Input.Phone'");
        await Page.Keyboard.TypeAsync(phone);
        await TabToAsync("el.name === 'Input.Password'", most: 3);
        await Page.Keyboard.TypeAsync(Shopper.Password);
        await Page.Keyboard.PressAsync("Enter");
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");

        // From the home page to a product by keyboard: the first product card is a link in the tab order.
        await TabToAsync("el.tagName === 'A' && el.closest('.card') !== null", most: 40);
        await Page.Keyboard.PressAsync("Enter");
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/products/", StringComparison.Ordinal));
        // Enhanced navigation changes the address before it swaps the page in: tab once the product page is there.
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "立即购买" })).ToBeVisibleAsync();
        await TabToAsync("el.tagName === 'BUTTON' && el.textContent.includes('立即购买')", most: 40);
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "确认订单" })).ToBeVisibleAsync();
    }

    /// <summary>
    /// Presses Tab until the focused element <c>el</c> satisfies <paramref name="test"/> (a script expression); fails if it
    /// takes more than <paramref name="most"/> presses.
    /// </summary>
    private async Task TabToAsync(string test, int most = 20)
    {
        for (var presses = 0; presses < most; presses++)
        {
            await Page.Keyboard.PressAsync("Tab");
            if (await Page.EvaluateAsync<bool>($"(() => {{ const el = document.activeElement; return !!el && ({test}); }})()")) return;
        }

        Assert.Fail($"{test} was not reached with {most} presses of Tab; focus is on {await Page.EvaluateAsync<string>("() => document.activeElement?.outerHTML.slice(0, 120)")}");
    }
}
