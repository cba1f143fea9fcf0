using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialCommerce.Identity.Tests;

public sealed class PasswordSignInTests : IdentityFixture
{
    [Test]
    public async Task SignIn_RightPassword_ReturnsBearerPairAndMeWorks()
    {
        var (userId, tokens, phone) = await App.SignedUpUserAsync();

        using var client = App.CreateClient(tokens.AccessToken);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/identity/me");

        Assert.Multiple(() =>
        {
            Assert.That(tokens.TokenType, Is.EqualTo("Bearer"));
            Assert.That(tokens.ExpiresIn, Is.EqualTo(15 * 60));
            Assert.That(me.GetProperty("userId").GetGuid(), Is.EqualTo(userId));
            Assert.That(me.GetProperty("phone").GetString(), Is.EqualTo($"{phone[..3]}****{phone[7..]}"));
            Assert.That(me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { "shopper" }));
        });
    }

    [Test]
    public async Task SignIn_WrongPasswordOrUnknownPhone_SameUnauthorizedAnswer()
    {
        var (_, _, phone) = await App.SignedUpUserAsync();
        using var client = App.CreateClient();

        var wrongPassword = await client.PostAsJsonAsync("/api/identity/tokens", new { phone, password = "Wrong2026pw" });
        var unknownPhone = await client.PostAsJsonAsync("/api/identity/tokens", new { phone = IdentityApp.NewPhone(), password = "Wrong2026pw" });

        var first = await wrongPassword.AssertProblemAsync(HttpStatusCode.Unauthorized);
        var second = await unknownPhone.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That(first.GetProperty("title").GetString(), Is.EqualTo(second.GetProperty("title").GetString()));
    }

    [Test]
    public async Task SignIn_FiveFailures_LocksNumberEvenForRightPassword()
    {
        var (_, _, phone) = await App.SignedUpUserAsync();
        using var client = App.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            var failed = await client.PostAsJsonAsync("/api/identity/tokens", new { phone, password = $"Wrong{i}2026pw" });
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        var locked = await client.PostAsJsonAsync("/api/identity/tokens", new { phone, password = "Secret2026pw" });

        await locked.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.That(locked.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromMinutes(1)));
    }

    [Test]
    public async Task SignIn_MissingFields_Returns400WithBothFields()
    {
        using var client = App.CreateClient();
        var response = await client.PostAsJsonAsync("/api/identity/tokens", new { });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.That(errors.TryGetProperty("phone", out _) && errors.TryGetProperty("password", out _), Is.True);
    }

    [Test]
    public async Task Me_NoToken_Returns401Problem()
    {
        using var client = App.CreateClient();
        await (await client.GetAsync("/api/identity/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task UpdateMe_HttpAvatarThenHttpsAvatar_RejectsFirstAppliesSecond()
    {
        var (_, tokens, _) = await App.SignedUpUserAsync();
        using var client = App.CreateClient(tokens.AccessToken);

        var bad = await client.PatchAsJsonAsync("/api/identity/me", new { nickname = "新名字", avatarUrl = "http://insecure.example/a.png" });
        await bad.AssertProblemAsync(HttpStatusCode.BadRequest);
        var good = await client.PatchAsJsonAsync("/api/identity/me", new { nickname = "新名字", avatarUrl = "https://cdn.example/a.png" });

        var me = await good.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(good.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(me.GetProperty("nickname").GetString(), Is.EqualTo("新名字"));
            Assert.That(me.GetProperty("avatarUrl").GetString(), Is.EqualTo("https://cdn.example/a.png"));
        });
    }
}
