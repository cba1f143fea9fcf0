using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialCommerce.Identity.Tests;

/// <summary>PIPL self-service: consents, export and erasure.</summary>
public sealed class PersonalDataTests : IdentityFixture
{
    [Test]
    public async Task Consents_PutTwiceTheSameThenWithdraw_AnnouncedOnlyWhenChanged()
    {
        var (userId, tokens, _) = await App.SignedUpUserAsync();
        using var client = App.CreateClient(tokens.AccessToken);
        object grant = new { socialProof = true, personalisedRecommendations = false, marketing = false };

        (await client.PutAsJsonAsync("/api/identity/me/consents", grant)).EnsureSuccessStatusCode();
        (await client.PutAsJsonAsync("/api/identity/me/consents", grant)).EnsureSuccessStatusCode();
        (await client.PutAsJsonAsync("/api/identity/me/consents",
            new { socialProof = false, personalisedRecommendations = false, marketing = false })).EnsureSuccessStatusCode();

        var announced = await App.ScalarAsync<string>(
            """
            SELECT string_agg(body->>'socialProof', ',' ORDER BY (body->>'changedAt')::timestamptz) FROM outbox_messages
            WHERE message_type LIKE '%ConsentsChanged%' AND body->>'userId' = @id
            """,
            new { id = userId.ToString() });
        Assert.That(announced, Is.EqualTo("true,false"), "the repeated PUT changed nothing and announced nothing");
    }

    [Test]
    public async Task Consents_NewUser_AllOffUntilPut()
    {
        var (_, tokens, _) = await App.SignedUpUserAsync();
        using var client = App.CreateClient(tokens.AccessToken);

        var initial = await client.GetFromJsonAsync<JsonElement>("/api/identity/me/consents");
        var put = await client.PutAsJsonAsync("/api/identity/me/consents",
            new { socialProof = true, personalisedRecommendations = false, marketing = true });
        var after = await client.GetFromJsonAsync<JsonElement>("/api/identity/me/consents");

        Assert.Multiple(() =>
        {
            Assert.That(initial.GetProperty("socialProof").GetBoolean(), Is.False);
            Assert.That(initial.GetProperty("marketing").GetBoolean(), Is.False);
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(after.GetProperty("socialProof").GetBoolean(), Is.True);
            Assert.That(after.GetProperty("personalisedRecommendations").GetBoolean(), Is.False);
        });
    }

    [Test]
    public async Task Consents_PutMissingOne_Returns400AndKeepsOld()
    {
        var (_, tokens, _) = await App.SignedUpUserAsync();
        using var client = App.CreateClient(tokens.AccessToken);

        var response = await client.PutAsJsonAsync("/api/identity/me/consents", new { socialProof = true });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("errors").TryGetProperty("marketing", out _), Is.True);
        var after = await client.GetFromJsonAsync<JsonElement>("/api/identity/me/consents");
        Assert.That(after.GetProperty("socialProof").GetBoolean(), Is.False);
    }

    [Test]
    public async Task Export_SignedInUser_ContainsFullPhoneRolesConsentsAndSessions()
    {
        var (userId, tokens, phone) = await App.SignedUpUserAsync();
        using var client = App.CreateClient(tokens.AccessToken);

        var export = await client.GetFromJsonAsync<JsonElement>("/api/identity/me/export");

        Assert.Multiple(() =>
        {
            Assert.That(export.GetProperty("userId").GetGuid(), Is.EqualTo(userId));
            Assert.That(export.GetProperty("phone").GetString(), Is.EqualTo(phone));
            Assert.That(export.GetProperty("roles").GetArrayLength(), Is.EqualTo(1));
            Assert.That(export.GetProperty("consents").TryGetProperty("marketing", out _), Is.True);
            Assert.That(export.GetProperty("sessions").GetArrayLength(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Erase_SignedInUser_CannotSignInPhoneFreedAndUserErasedPublished()
    {
        var (userId, tokens, phone) = await App.SignedUpUserAsync();
        using var client = App.CreateClient(tokens.AccessToken);

        var erase = await client.DeleteAsync("/api/identity/me");

        Assert.That(erase.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        using var anonymous = App.CreateClient();
        var signIn = await anonymous.PostAsJsonAsync("/api/identity/tokens", new { phone, password = "Secret2026pw" });
        var refresh = await anonymous.PostAsJsonAsync("/api/identity/tokens/refresh", new { refreshToken = tokens.RefreshToken });
        var signUpAgain = await anonymous.PostAsJsonAsync("/api/identity/users", new { phone, password = "Fresh2026pw", nickname = "新人" });
        Assert.Multiple(async () =>
        {
            Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(refresh.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(signUpAgain.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(await App.ScalarAsync<long>(
                "SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%UserErased%' AND body->>'userId' = @id",
                new { id = userId.ToString() }), Is.EqualTo(1));
            Assert.That(await App.ScalarAsync<long>(
                "SELECT count(*) FROM users WHERE id = @userId AND phone_cipher IS NULL AND password_hash IS NULL AND nickname = '已注销用户'",
                new { userId }), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Erase_Twice_SecondIs404()
    {
        var (_, tokens, _) = await App.SignedUpUserAsync();
        using var client = App.CreateClient(tokens.AccessToken);

        await client.DeleteAsync("/api/identity/me");
        var again = await client.DeleteAsync("/api/identity/me");

        await again.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
