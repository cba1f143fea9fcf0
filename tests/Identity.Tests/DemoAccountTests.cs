using System.Net;
using System.Net.Http.Json;
using SocialCommerce.Identity.DemoData;
using SocialCommerce.Identity.Tokens;

namespace SocialCommerce.Identity.Tests;

/// <summary>
/// Demo data runs on every <c>./build.sh up</c>, so it must survive whatever was done to the demo accounts in between; and
/// the platform is never left without an admin. Each test has a database of its own with the demo data in it, since these
/// tests count the admins.
/// </summary>
public sealed class DemoAccountTests
{
    private static readonly DemoDataCommand.DemoAccount DemoAdmin = DemoDataCommand.Accounts[0];
    private IdentityApp app = null!;

    [SetUp]
    public async Task StartAppWithDemoData()
    {
        app = await IdentityApp.StartAsync();
        await DemoDataCommand.RunAsync(app.Services);
    }

    [TearDown]
    public async Task StopApp() => await app.DisposeAsync();

    [Test]
    public async Task EraseMe_LastAdmin_Returns409AndKeepsTheAccount()
    {
        using var admin = app.CreateClient(await SignInAsync(DemoAdmin.Phone, DemoAdmin.Password));

        var erase = await admin.DeleteAsync("/api/identity/me");

        var problem = await erase.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("last-admin"));
        Assert.That(await app.ScalarAsync<long>("SELECT count(*) FROM users WHERE id = @Id AND erased_at IS NULL", new { DemoAdmin.Id }),
            Is.EqualTo(1));
    }

    [Test]
    public async Task EraseMe_LastTwoAdminsAtOnce_ExactlyOneErased()
    {
        var (_, other) = await app.NewAdminAsync();
        using var demoAdmin = app.CreateClient(await SignInAsync(DemoAdmin.Phone, DemoAdmin.Password));
        using var otherAdmin = app.CreateClient(other);

        var answers = await Task.WhenAll(demoAdmin.DeleteAsync("/api/identity/me"), otherAdmin.DeleteAsync("/api/identity/me"));

        Assert.Multiple(async () =>
        {
            Assert.That(answers.Count(answer => answer.StatusCode == HttpStatusCode.Accepted), Is.EqualTo(1));
            Assert.That(answers.Count(answer => answer.StatusCode == HttpStatusCode.Conflict), Is.EqualTo(1));
            Assert.That(await LiveAdminsAsync(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task DemoData_AfterTheDemoAdminWasErased_RestoresItUnderItsIdAndRunsAgain()
    {
        await EraseDemoAdminAsync();

        await DemoDataCommand.RunAsync(app.Services);
        await DemoDataCommand.RunAsync(app.Services);

        var tokens = await SignInAsync(DemoAdmin.Phone, DemoAdmin.Password);
        using var admin = app.CreateClient(tokens);
        var me = await admin.GetFromJsonAsync<Me>("/api/identity/me");
        Assert.Multiple(() =>
        {
            Assert.That(me!.UserId, Is.EqualTo(DemoAdmin.Id));
            Assert.That(me.Roles, Is.EquivalentTo(new[] { "admin", "moderator", "shopper" }));
            Assert.That(me.Nickname, Is.EqualTo(DemoAdmin.Nickname));
        });
    }

    [Test]
    public async Task DemoData_DemoPhoneTakenByAnotherAccount_SkipsItAndGrantsNothing()
    {
        await EraseDemoAdminAsync();
        using var anonymous = app.CreateClient();
        var squatter = await anonymous.PostAsJsonAsync("/api/identity/users",
            new { phone = DemoAdmin.Phone, password = "Squat2026pw", nickname = "占号" });
        var squatterId = (await squatter.Content.ReadFromJsonAsync<Me>())!.UserId;

        await DemoDataCommand.RunAsync(app.Services);

        Assert.That(await app.ScalarAsync<string>(
            "SELECT string_agg(role, ',' ORDER BY role) FROM user_roles WHERE user_id = @squatterId", new { squatterId }), Is.EqualTo("shopper"));
    }

    /// <summary>What an API fuzzer holding the admin's token does, once another admin exists.</summary>
    private async Task EraseDemoAdminAsync()
    {
        await app.NewAdminAsync();
        using var demoAdmin = app.CreateClient(await SignInAsync(DemoAdmin.Phone, DemoAdmin.Password));
        Assert.That((await demoAdmin.DeleteAsync("/api/identity/me")).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
    }

    private Task<long> LiveAdminsAsync() => app.ScalarAsync<long>(
        "SELECT count(*) FROM user_roles r JOIN users u ON u.id = r.user_id WHERE r.role = 'admin' AND u.erased_at IS NULL");

    private async Task<string> SignInAsync(string phone, string password)
    {
        using var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/identity/tokens", new { phone, password });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<TokenPair>())!.AccessToken;
    }

    private sealed record Me(Guid UserId, string Nickname, string[] Roles);
}
