using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SocialCommerce.EndToEnd.Tests.Browser;

/// <summary>
/// Interest groups in the browser: one person starts a group, moderation lists it, another joins and posts in it, and
/// the owner takes the post out of the group.
/// </summary>
public sealed class GroupJourneyTests : BrowserTest
{
    [Test]
    public async Task Owner_StartsAGroup_AnotherJoinsAndPosts_OwnerRemovesThePost()
    {
        await Shopper.SignUpAsync(Page, "圈主");
        var name = $"跑步{Random.Shared.Next(100_000, 999_999)}";
        await Page.GotoAsync("/groups");
        await Page.GetByRole(AriaRole.Link, new() { Name = "创建圈子" }).ClickAsync();
        await Page.GetByLabel("圈子名称（最多 20 字）").FillAsync(name);
        await Page.GetByLabel("介绍（最多 200 字）").FillAsync("周末一起晨跑，交流跑鞋和装备。");
        await Page.GetByRole(AriaRole.Button, new() { Name = "创建" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
        var groupUrl = new Uri(Page.Url).AbsolutePath;
        // Moderation lists it over the broker; until then only its owner sees it, as pending.
        await BrowserSteps.ReloadUntilShownAsync(Page, groupUrl, Page.GetByRole(AriaRole.Link, new() { Name = "在圈子里发帖" }));

        var member = await NewPageAsync();
        await Shopper.SignUpAsync(member, "跑友");
        await member.GotoAsync("/groups");
        await member.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await member.GetByRole(AriaRole.Button, new() { Name = "加入圈子" }).ClickAsync();
        await Expect(member.Locator(".members")).ToHaveTextAsync("2 位成员");
        await member.GetByRole(AriaRole.Link, new() { Name = "在圈子里发帖" }).ClickAsync();
        var text = $"今天配速五分半，跑了十公里 {Guid.NewGuid():N}";
        await member.GetByLabel("说点什么").FillAsync(text);
        await member.GetByRole(AriaRole.Button, new() { Name = "发布" }).ClickAsync();
        await Expect(member.GetByRole(AriaRole.Status)).ToContainTextAsync("审核通过后");
        await BrowserSteps.ReloadUntilShownAsync(member, groupUrl, member.GetByText(text));

        await Page.GotoAsync(groupUrl);
        await Page.GetByRole(AriaRole.Button, new() { Name = "移出圈子" }).ClickAsync();
        await Expect(Page.GetByText(text)).ToHaveCountAsync(0);
        await Expect(Page.GetByText("还没有帖子。")).ToBeVisibleAsync();
    }
}
