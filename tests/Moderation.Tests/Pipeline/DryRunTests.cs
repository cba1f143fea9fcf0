using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialCommerce.Moderation.Tests.Pipeline;

/// <summary>POST /api/moderation/screenings: the outcome and every hit with its position; nothing stored.</summary>
public sealed class DryRunTests : ModerationFixture
{
    private Task<long> StoredAsync() =>
        App.ScalarAsync<long>("SELECT (SELECT count(*) FROM screenings) + (SELECT count(*) FROM cases) + (SELECT count(*) FROM outbox_messages)");

    [Test]
    public async Task Screen_AdvertisingLawInProductCopy_BlockWithTermAndPosition()
    {
        using var moderator = App.NewModerator();
        var before = await StoredAsync();

        var response = await moderator.PostAsJsonAsync("/api/moderation/screenings", new { text = "本店茶叶 全网最低价！", kind = "product" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        var hit = answer.GetProperty("hits").EnumerateArray().First(h => h.GetProperty("term").GetString() == "全网最低价");
        Assert.Multiple(async () =>
        {
            Assert.That(answer.GetProperty("outcome").GetString(), Is.EqualTo("block"));
            Assert.That(hit.GetProperty("category").GetString(), Is.EqualTo("advertising-law"));
            Assert.That(hit.GetProperty("start").GetInt32(), Is.EqualTo(5));
            Assert.That(hit.GetProperty("length").GetInt32(), Is.EqualTo(5));
            Assert.That(await StoredAsync(), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task Screen_SameTermInAShoppersPost_PassesBecauseTheRuleIsPerKind()
    {
        using var moderator = App.NewModerator();

        var answer = await (await moderator.PostAsJsonAsync("/api/moderation/screenings", new { text = "这家真的是全网最低价，买到就是赚到", kind = "post" }))
            .Content.ReadFromJsonAsync<JsonElement>();

        Assert.Multiple(() =>
        {
            Assert.That(answer.GetProperty("outcome").GetString(), Is.EqualTo("pass"));
            Assert.That(answer.GetProperty("hits").GetArrayLength(), Is.GreaterThan(0), "the hit is still reported");
        });
    }

    [Test]
    public async Task Screen_EvadedPhoneNumber_ReviewWithOriginalSpan()
    {
        using var moderator = App.NewModerator();
        const string text = "有事打我 1 3 8 0 0 1 3 8 0 0 0 哦";

        var answer = await (await moderator.PostAsJsonAsync("/api/moderation/screenings", new { text, kind = "comment" }))
            .Content.ReadFromJsonAsync<JsonElement>();

        var hit = answer.GetProperty("hits").EnumerateArray().Single(h => h.GetProperty("term").GetString() == "phone-number");
        Assert.Multiple(() =>
        {
            Assert.That(answer.GetProperty("outcome").GetString(), Is.EqualTo("review"));
            Assert.That(text.Substring(hit.GetProperty("start").GetInt32(), hit.GetProperty("length").GetInt32()), Is.EqualTo("1 3 8 0 0 1 3 8 0 0 0"));
        });
    }

    [TestCase("", "product")]
    [TestCase("   ", "product")]
    [TestCase("正常文本", "video")]
    [TestCase("正常文本", null)]
    public async Task Screen_BadInput_Returns400(string text, string? kind)
    {
        using var moderator = App.NewModerator();

        var response = await moderator.PostAsJsonAsync("/api/moderation/screenings", new { text, kind });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Screen_TextOver20000Characters_Returns400()
    {
        using var moderator = App.NewModerator();

        var response = await moderator.PostAsJsonAsync("/api/moderation/screenings", new { text = new string('好', 20_001), kind = "post" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("errors").GetProperty("text")[0].GetString(), Does.Contain("20000"));
    }

    [Test]
    public async Task Screen_ShopperToken_Returns403()
    {
        using var shopper = App.CreateClient(Guid.CreateVersion7(), "shopper");

        await (await shopper.PostAsJsonAsync("/api/moderation/screenings", new { text = "你好", kind = "post" })).AssertProblemAsync(HttpStatusCode.Forbidden);
    }
}
