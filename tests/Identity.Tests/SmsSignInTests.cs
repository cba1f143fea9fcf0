using System.Net;
using System.Net.Http.Json;
using SocialCommerce.Identity.Tokens;

namespace SocialCommerce.Identity.Tests;

public sealed class SmsSignInTests : IdentityFixture
{
    private async Task<string> RequestCodeAsync(HttpClient client, string phone, string purpose = "sign-in")
    {
        var response = await client.PostAsJsonAsync("/api/identity/sms-codes", new { phone, purpose });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var sent = await client.GetFromJsonAsync<Dictionary<string, string>>($"/api/identity/dev/sms-codes/latest?phone={phone}");
        return sent!["code"];
    }

    [Test]
    public async Task SignInWithCode_FirstTime_CreatesAccountAndSecondTimeReusesIt()
    {
        var phone = IdentityApp.NewPhone();
        using var client = App.CreateClient();

        var first = await client.PostAsJsonAsync("/api/identity/tokens/sms", new { phone, code = await RequestCodeAsync(client, phone) });
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await App.ScalarAsync<int>("UPDATE sms_codes SET created_at = created_at - interval '2 minutes' RETURNING 1");
        var second = await client.PostAsJsonAsync("/api/identity/tokens/sms", new { phone, code = await RequestCodeAsync(client, phone) });

        Assert.Multiple(async () =>
        {
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await second.Content.ReadFromJsonAsync<TokenPair>())!.AccessToken, Is.Not.Empty);
            Assert.That(await App.ScalarAsync<long>(
                "SELECT count(*) FROM users WHERE phone_masked = @masked", new { masked = $"{phone[..3]}****{phone[7..]}" }), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task SignInWithCode_CodeSentForSignUp_401AndNoAccount()
    {
        var phone = IdentityApp.NewPhone();
        using var client = App.CreateClient();

        var response = await client.PostAsJsonAsync("/api/identity/tokens/sms", new { phone, code = await RequestCodeAsync(client, phone, "sign-up") });

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That(await App.ScalarAsync<long>(
            "SELECT count(*) FROM users WHERE phone_masked = @masked", new { masked = $"{phone[..3]}****{phone[7..]}" }), Is.Zero);
    }

    [Test]
    public async Task RequestCode_TwiceWithinAMinute_SecondIs429WithRetryAfter()
    {
        var phone = IdentityApp.NewPhone();
        using var client = App.CreateClient();
        await RequestCodeAsync(client, phone);

        var again = await client.PostAsJsonAsync("/api/identity/sms-codes", new { phone, purpose = "sign-in" });

        await again.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.That(again.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
    }

    [Test]
    public async Task SignInWithCode_FiveWrongGuesses_RightCodeNoLongerWorks()
    {
        var phone = IdentityApp.NewPhone();
        using var client = App.CreateClient();
        var code = await RequestCodeAsync(client, phone);
        var wrong = code == "000000" ? "111111" : "000000";
        for (var i = 0; i < 5; i++)
        {
            var guess = await client.PostAsJsonAsync("/api/identity/tokens/sms", new { phone, code = wrong });
            Assert.That(guess.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        var right = await client.PostAsJsonAsync("/api/identity/tokens/sms", new { phone, code });

        await right.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task SignInWithCode_CodeUsedTwice_SecondFails()
    {
        var phone = IdentityApp.NewPhone();
        using var client = App.CreateClient();
        var code = await RequestCodeAsync(client, phone);

        var first = await client.PostAsJsonAsync("/api/identity/tokens/sms", new { phone, code });
        var second = await client.PostAsJsonAsync("/api/identity/tokens/sms", new { phone, code });

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await second.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [TestCase("13800138000", "log-in", "purpose")]
    [TestCase("2380013800", "sign-in", "phone")]
    public async Task RequestCode_BadInput_Returns400AndSendsNothing(string phone, string purpose, string field)
    {
        using var client = App.CreateClient();
        var before = await App.ScalarAsync<long>("SELECT count(*) FROM development_sms_messages");

        var response = await client.PostAsJsonAsync("/api/identity/sms-codes", new { phone, purpose });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("errors").TryGetProperty(field, out _), Is.True);
        Assert.That(await App.ScalarAsync<long>("SELECT count(*) FROM development_sms_messages"), Is.EqualTo(before));
    }
}
