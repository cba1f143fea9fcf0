using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialCommerce.Moderation.Tests.Lexicons;

/// <summary>Admins edit lexicons and rules; every instance screens with the change without a restart.</summary>
public sealed class LexiconAdminTests : ModerationFixture
{
    private static async Task<JsonElement> ScreenAsync(HttpClient client, string text, string kind = "post") =>
        await (await client.PostAsJsonAsync("/api/moderation/screenings", new { text, kind })).Content.ReadFromJsonAsync<JsonElement>();

    private Task<string> ConfigStateAsync() =>
        App.ScalarAsync<string>(
            "SELECT (SELECT version FROM screening_config)::text || (SELECT count(*) FROM lexicon_terms)::text || (SELECT count(*) FROM audit_log)::text");

    [Test]
    public async Task StarterLexicon_LoadedOnFirstStart_ListedAndReadable()
    {
        using var admin = App.NewAdmin();

        var names = await admin.GetFromJsonAsync<JsonElement>("/api/moderation/lexicons");
        var advertising = await admin.GetFromJsonAsync<JsonElement>("/api/moderation/lexicons/advertising-law");

        Assert.Multiple(() =>
        {
            Assert.That(names.GetProperty("items").EnumerateArray().Select(n => n.GetString()), Is.SupersetOf(new[] { "advertising-law", "contact" }));
            Assert.That(advertising.GetProperty("terms").EnumerateArray().Select(t => t.GetProperty("term").GetString()),
                Is.SupersetOf(new[] { "国家级", "全网最低价" }));
        });
    }

    [Test]
    public async Task PutLexicon_NewTerm_ThisAndAnotherInstanceScreenWithItWithoutRestart()
    {
        await using var replica = await ModerationApp.StartReplicaAsync(App.ConnectionString, App.BrokerUri);
        using var admin = App.NewAdmin();
        using var replicaModerator = replica.NewModerator();
        var term = $"秘方{Random.Shared.Next(100_000, 999_999)}";
        Assert.That((await ScreenAsync(admin, $"祖传{term}包治百病")).GetProperty("hits").EnumerateArray()
            .Any(h => h.GetProperty("term").GetString() == term), Is.False);

        var put = await admin.PutAsJsonAsync("/api/moderation/lexicons/custom-health",
            new { terms = new[] { new { term, category = "fraud" } } });
        var here = await ScreenAsync(admin, $"祖传{term}包治百病");
        var there = await Eventually.WaitForAsync(() => ScreenAsync(replicaModerator, $"祖传{term}包治百病"),
            answer => answer.GetProperty("outcome").GetString() == "review", TimeSpan.FromSeconds(10));

        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        Assert.Multiple(() =>
        {
            Assert.That(here.GetProperty("outcome").GetString(), Is.EqualTo("review"));
            Assert.That(here.GetProperty("hits").EnumerateArray().Single(h => h.GetProperty("term").GetString() == term)
                .GetProperty("category").GetString(), Is.EqualTo("fraud"));
            Assert.That(there.GetProperty("outcome").GetString(), Is.EqualTo("review"));
        });
    }

    [Test]
    public async Task PutRules_ChangeOutcome_AppliesAtOnce()
    {
        using var admin = App.NewAdmin();
        Assert.That((await ScreenAsync(admin, "全网最低价", "review")).GetProperty("outcome").GetString(), Is.EqualTo("pass"));

        var put = await admin.PutAsJsonAsync("/api/moderation/rules",
            new { rules = new[] { new { kind = "review", category = "advertising-law", outcome = "review" } } });

        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await ScreenAsync(admin, "全网最低价", "review")).GetProperty("outcome").GetString(), Is.EqualTo("review"));
        await admin.PutAsJsonAsync("/api/moderation/rules",
            new { rules = new[] { new { kind = "review", category = "advertising-law", outcome = "pass" } } });
    }

    [TestCase("""{ "terms": [ { "term": "刷单", "category": "spam" } ] }""")]
    [TestCase("""{ "terms": [ { "term": "！！！", "category": "fraud" } ] }""")]
    [TestCase("""{ "terms": [ { "term": "刷单", "category": "fraud" }, { "term": "刷单", "category": "custom" } ] }""")]
    [TestCase("""{ }""")]
    public async Task PutLexicon_BadTerms_Returns400AndChangesNothing(string body)
    {
        using var admin = App.NewAdmin();
        var before = await ConfigStateAsync();

        var response = await admin.PutAsync("/api/moderation/lexicons/fraud", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(await ConfigStateAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task PutLexicon_BadName_Returns400()
    {
        using var admin = App.NewAdmin();

        var response = await admin.PutAsJsonAsync("/api/moderation/lexicons/Bad_Name", new { terms = Array.Empty<object>() });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task PutRules_UnknownKindOrOutcome_Returns400AndChangesNothing()
    {
        using var admin = App.NewAdmin();
        var before = await ConfigStateAsync();

        var response = await admin.PutAsJsonAsync("/api/moderation/rules",
            new { rules = new[] { new { kind = "video", category = "fraud", outcome = "block" }, new { kind = "post", category = "fraud", outcome = "ban" } } });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(await ConfigStateAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task Lexicons_ModeratorWithoutAdmin_Returns403()
    {
        using var moderator = App.NewModerator();

        await (await moderator.GetAsync("/api/moderation/lexicons/advertising-law")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await moderator.PutAsJsonAsync("/api/moderation/lexicons/advertising-law", new { terms = Array.Empty<object>() }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task GetLexicon_Unknown_Returns404()
    {
        using var admin = App.NewAdmin();

        await (await admin.GetAsync("/api/moderation/lexicons/no-such-list")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
