using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SocialCommerce.EndToEnd.Tests.Browser;

/// <summary>
/// The session's silent refresh, on a web client of its own that refreshes on every request (RefreshAhead above the
/// 15-minute token lifetime), reached directly on its port: each page view trades the refresh token for a new pair.
/// </summary>
public sealed class SessionTests : BrowserTest
{
    // Clear of every deployable's port (5190 is recommendation's) and of its metrics port nine above.
    private static readonly int Port = 5280 + Platform.Offset;

    [OneTimeSetUp]
    public async Task StartRefreshingWebAsync() =>
        await Platform.Instance.StartWebAsync(Port, new Dictionary<string, string> { ["Web__RefreshAhead"] = "00:20:00" });

    [Test]
    public async Task EveryRequestRefreshing_SessionRotatesItsTokensAndStaysSignedIn()
    {
        var web = $"http://127.0.0.1:{Port}";
        var phone = await Shopper.SignUpAsync(Page, "续期用户");
        await Page.GotoAsync(web + "/account/sign-in");
        await Page.GetByLabel("手机号").FillAsync(phone);
        await Page.GetByLabel("密码").FillAsync(Shopper.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Page.WaitForURLAsync(web + "/");

        var sessions = new List<string>();
        for (var view = 0; view < 3; view++)
        {
            await Page.GotoAsync(web + "/me");
            await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("续期用户");
            sessions.Add((await Page.Context.CookiesAsync(web)).Single(cookie => cookie.Name == "sc_session").Value);
        }

        Assert.That(sessions.Distinct().Count(), Is.EqualTo(3), "each view refreshed the tokens and renewed the cookie");
        await Page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
        await Page.GotoAsync(web + "/me");
        Assert.That(new Uri(Page.Url).AbsolutePath, Is.EqualTo("/account/sign-in"), "signed out: /me asks to sign in");
    }
}
