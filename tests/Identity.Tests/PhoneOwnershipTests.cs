using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SocialCommerce.Identity.Tokens;

namespace SocialCommerce.Identity.Tests;

/// <summary>
/// A phone number belongs to whoever proves it by SMS. An account that only typed it (a password sign-up without a code)
/// can neither keep the owner out nor be handed to them.
/// </summary>
public sealed class PhoneOwnershipTests : IdentityFixture
{
    private const string Password = "Secret2026pw";

    private async Task<string> CodeAsync(string phone, string purpose)
    {
        using var client = App.CreateClient();
        // One code a minute per number: earlier codes of this test are moved back so the next one may be sent.
        await App.ScalarAsync<int>("WITH moved AS (UPDATE sms_codes SET created_at = created_at - interval '2 minutes' RETURNING 1) SELECT count(*)::int FROM moved");
        var response = await client.PostAsJsonAsync("/api/identity/sms-codes", new { phone, purpose });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        return (await client.GetFromJsonAsync<JsonElement>($"/api/identity/dev/sms-codes/latest?phone={phone}")).GetProperty("code").GetString()!;
    }

    private async Task<HttpResponseMessage> SignUpAsync(string phone, string? smsCode)
    {
        using var client = App.CreateClient();
        return await client.PostAsJsonAsync("/api/identity/users", new { phone, password = Password, nickname = "机主", smsCode });
    }

    private async Task<(HttpStatusCode Status, TokenPair? Tokens)> SmsSignInAsync(string phone)
    {
        using var client = App.CreateClient();
        var response = await client.PostAsJsonAsync("/api/identity/tokens/sms", new { phone, code = await CodeAsync(phone, "sign-in") });
        return (response.StatusCode, response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<TokenPair>() : null);
    }

    private async Task<JsonElement> MeAsync(string accessToken) =>
        await App.CreateClient(accessToken).GetFromJsonAsync<JsonElement>("/api/identity/me");

    private Task<long> OutboxAsync(string type, Guid userId) => App.ScalarAsync<long>(
        "SELECT count(*) FROM outbox_messages WHERE message_type LIKE @type AND body->>'userId' = @id",
        new { type = $"%.{type},%", id = userId.ToString() });

    [Test]
    public async Task SignUp_WithASignUpCode_PhoneVerifiedAndAnnounced()
    {
        var phone = IdentityApp.NewPhone();

        var response = await SignUpAsync(phone, await CodeAsync(phone, "sign-up"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var userId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetGuid();
        var (_, tokens) = await SmsSignInAsync(phone);
        Assert.Multiple(async () =>
        {
            Assert.That((await MeAsync(tokens!.AccessToken)).GetProperty("userId").GetGuid(), Is.EqualTo(userId), "a proven account is signed in to");
            Assert.That((await MeAsync(tokens!.AccessToken)).GetProperty("phoneVerified").GetBoolean(), Is.True);
            Assert.That(await App.ScalarAsync<string>(
                "SELECT body->>'phoneVerified' FROM outbox_messages WHERE message_type LIKE '%.UserRegistered,%' AND body->>'userId' = @id",
                new { id = userId.ToString() }), Is.EqualTo("true"));
        });
    }

    [Test]
    public async Task SignUp_WrongOrSignInCode_400AndNoAccount()
    {
        var phone = IdentityApp.NewPhone();
        var signInCode = await CodeAsync(phone, "sign-in");

        var response = await SignUpAsync(phone, signInCode);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("errors").TryGetProperty("smsCode", out _), Is.True);
        Assert.That(await App.ScalarAsync<long>("SELECT count(*) FROM users WHERE phone_masked = @masked",
            new { masked = $"{phone[..3]}****{phone[7..]}" }), Is.Zero);
    }

    [Test]
    public async Task SmsSignIn_NumberTakenByAPasswordSignUp_OwnerGetsOwnAccountAndTheSquatterLosesIt()
    {
        var phone = IdentityApp.NewPhone();
        var squatted = await SignUpAsync(phone, smsCode: null);
        var squatterId = (await squatted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetGuid();
        using var anonymous = App.CreateClient();
        var squatterTokens = (await (await anonymous.PostAsJsonAsync("/api/identity/tokens", new { phone, password = Password }))
            .Content.ReadFromJsonAsync<TokenPair>())!;

        var (status, ownerTokens) = await SmsSignInAsync(phone);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        var owner = await MeAsync(ownerTokens!.AccessToken);
        var squatterSignIn = await anonymous.PostAsJsonAsync("/api/identity/tokens", new { phone, password = Password });
        var squatterRefresh = await anonymous.PostAsJsonAsync("/api/identity/tokens/refresh", new { refreshToken = squatterTokens.RefreshToken });
        Assert.Multiple(() =>
        {
            Assert.That(owner.GetProperty("userId").GetGuid(), Is.Not.EqualTo(squatterId), "never handed the squatter's account");
            Assert.That(owner.GetProperty("phoneVerified").GetBoolean(), Is.True);
            Assert.That(squatterSignIn.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the squatter's password opens nothing now");
            Assert.That(squatterRefresh.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "and the squatter's sessions ended");
        });
    }

    [Test]
    public async Task SignUp_ProvenOnANumberTakenWithoutProof_CreatedAndANumberProvenStaysTaken()
    {
        var phone = IdentityApp.NewPhone();
        await SignUpAsync(phone, smsCode: null);

        var owner = await SignUpAsync(phone, await CodeAsync(phone, "sign-up"));
        var unprovenAgain = await SignUpAsync(phone, smsCode: null);
        var provenAgain = await SignUpAsync(phone, await CodeAsync(phone, "sign-up"));

        Assert.That(owner.StatusCode, Is.EqualTo(HttpStatusCode.Created), "an unproven holder does not block the owner");
        Assert.That((await unprovenAgain.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString(), Is.EqualTo("phone-taken"));
        Assert.That((await provenAgain.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString(), Is.EqualTo("phone-taken"),
            "a proven account keeps its number");
    }

    [Test]
    public async Task VerifyPhone_AfterAPasswordSignUp_VerifiedAnnouncedOnceAndNoLongerTakenOver()
    {
        var (userId, tokens, phone) = await App.SignedUpUserAsync();
        using var me = App.CreateClient(tokens.AccessToken);
        var wrong = await me.PostAsJsonAsync("/api/identity/me/phone-verification", new { code = "000000" });

        var verified = await me.PostAsJsonAsync("/api/identity/me/phone-verification", new { code = await CodeAsync(phone, "sign-up") });
        var (_, later) = await SmsSignInAsync(phone);

        await wrong.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Multiple(async () =>
        {
            Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That((await MeAsync(tokens.AccessToken)).GetProperty("phoneVerified").GetBoolean(), Is.True);
            Assert.That(await OutboxAsync("PhoneVerified", userId), Is.EqualTo(1));
            Assert.That((await MeAsync(later!.AccessToken)).GetProperty("userId").GetGuid(), Is.EqualTo(userId), "the SMS sign-in opens the proven account");
        });
    }
}
