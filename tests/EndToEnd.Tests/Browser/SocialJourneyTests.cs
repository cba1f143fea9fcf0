using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SocialCommerce.EndToEnd.Tests.Browser;

/// <summary>Following, posting and moderation in the browser, each person on a phone of their own.</summary>
public sealed class SocialJourneyTests : BrowserTest
{
    [Test]
    public async Task Follower_FollowsAuthor_SeesTheApprovedPostInTheFeed()
    {
        await Shopper.SignUpAsync(Page, "分享达人");
        var text = $"今天喝的普洱茶回甘很好 {Guid.NewGuid():N}";
        await WriteAsync(Page, text);
        var profile = await OwnProfileAsync(Page);

        var follower = await NewPageAsync();
        await Shopper.SignUpAsync(follower, "粉丝");
        await follower.GotoAsync(profile);
        await follower.GetByRole(AriaRole.Button, new() { Name = "关注" }).ClickAsync();
        await Expect(follower.GetByRole(AriaRole.Button, new() { Name = "已关注" })).ToBeVisibleAsync();

        // Screening approves the post and fan-out writes it to the follower's feed, both asynchronously.
        var shown = await Eventually.WaitForAsync(async () =>
        {
            await follower.GotoAsync("/feed");
            return await follower.GetByText(text).CountAsync();
        }, count => count > 0, TimeSpan.FromSeconds(30));
        Assert.That(shown, Is.EqualTo(1), "the author's post in the follower's feed");
    }

    [Test]
    public async Task Moderator_RejectsAHeldPost_AuthorSeesTheReason()
    {
        await Shopper.SignUpAsync(Page, "引流者");
        var marker = Random.Shared.Next(10_000_000, 99_999_999);
        var text = $"想要团购的加微信 tea{marker} 私聊";
        await WriteAsync(Page, text);
        var postUrl = Page.Url;
        await Expect(Page.Locator(".post .status")).ToHaveTextAsync("审核中");

        var moderator = await NewPageAsync();
        await BrowserSteps.SignInAsync(moderator, "13800000000", "Admin2026!demo");
        var held = moderator.Locator(".case", new() { HasText = $"tea{marker}" });
        await Eventually.WaitForAsync(async () =>
        {
            await moderator.GotoAsync("/moderation");
            return await held.CountAsync();
        }, count => count > 0, TimeSpan.FromSeconds(30));
        await Expect(held.Locator("mark").First).ToBeVisibleAsync();
        await held.GetByLabel("审核理由").FillAsync("站外引流");
        await held.GetByRole(AriaRole.Button, new() { Name = "驳回" }).ClickAsync();
        await Expect(moderator.Locator(".case", new() { HasText = $"tea{marker}" })).ToHaveCountAsync(0);

        var reason = await Eventually.WaitForAsync(async () =>
        {
            await Page.GotoAsync(postUrl);
            return await Page.Locator(".post .error").CountAsync() > 0 ? await Page.Locator(".post .error").InnerTextAsync() : "";
        }, shownReason => shownReason.Contains("站外引流"), TimeSpan.FromSeconds(30));
        Assert.That(reason, Does.Contain("站外引流"));
    }

    private static async Task WriteAsync(IPage page, string text)
    {
        await page.GotoAsync("/posts/new");
        await page.GetByLabel("说点什么").FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "发布", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/posts/[0-9a-f-]{36}$"));
    }

    private static async Task<string> OwnProfileAsync(IPage page)
    {
        await page.GotoAsync("/me");
        await page.GetByRole(AriaRole.Link, new() { Name = "我的主页" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/users/[0-9a-f-]{36}$"));
        return page.Url;
    }
}
