using System.Net;
using System.Net.Http.Json;
using SocialCommerce.Identity.Tokens;

namespace SocialCommerce.Identity.Tests;

public sealed class RefreshTokenTests : IdentityFixture
{
    private async Task<HttpResponseMessage> RefreshAsync(string refreshToken)
    {
        using var client = App.CreateClient();
        return await client.PostAsJsonAsync("/api/identity/tokens/refresh", new { refreshToken });
    }

    [Test]
    public async Task Refresh_FreshToken_RotatesToNewPair()
    {
        var (_, tokens, _) = await App.SignedUpUserAsync();

        var response = await RefreshAsync(tokens.RefreshToken);

        var next = await response.Content.ReadFromJsonAsync<TokenPair>();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(next!.RefreshToken, Is.Not.EqualTo(tokens.RefreshToken));
            Assert.That(next.AccessToken, Is.Not.Empty);
        });
    }

    [Test]
    public async Task Refresh_SignInOlderThanTheSessionLimit_401ThoughTheTokenItselfIsFresh()
    {
        var (userId, tokens, _) = await App.SignedUpUserAsync();
        var rotated = await (await RefreshAsync(tokens.RefreshToken)).Content.ReadFromJsonAsync<TokenPair>();
        // The sign-in began 91 days ago and was refreshed ever since: the newest token is fresh, the family is not.
        await App.ScalarAsync<int>(
            "UPDATE refresh_tokens SET family_started_at = now() - interval '91 days' WHERE user_id = @userId RETURNING 1", new { userId });

        var response = await RefreshAsync(rotated!.RefreshToken);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Refresh_Rotated_KeepsTheSignInsStart()
    {
        var (userId, tokens, _) = await App.SignedUpUserAsync();

        await RefreshAsync(tokens.RefreshToken);

        Assert.That(await App.ScalarAsync<long>(
            "SELECT count(DISTINCT family_started_at) FROM refresh_tokens WHERE user_id = @userId", new { userId }), Is.EqualTo(1));
    }

    [Test]
    public async Task Refresh_RotatedTokenReplayed_RevokesWholeFamily()
    {
        var (_, tokens, _) = await App.SignedUpUserAsync();
        var next = await (await RefreshAsync(tokens.RefreshToken)).Content.ReadFromJsonAsync<TokenPair>();

        var replay = await RefreshAsync(tokens.RefreshToken);
        var afterReplay = await RefreshAsync(next!.RefreshToken);

        await replay.AssertProblemAsync(HttpStatusCode.Unauthorized);
        await afterReplay.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Refresh_ConcurrentUseOfOneToken_AtMostOneSucceeds()
    {
        var (_, tokens, _) = await App.SignedUpUserAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => RefreshAsync(tokens.RefreshToken)));

        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.OK), Is.LessThanOrEqualTo(1));
        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized), Is.GreaterThanOrEqualTo(5));
    }

    [Test]
    public async Task Revoke_SignedOut_RefreshFails()
    {
        var (_, tokens, _) = await App.SignedUpUserAsync();
        using var client = App.CreateClient(tokens.AccessToken);

        var revoke = await client.PostAsJsonAsync("/api/identity/tokens/revoke", new { refreshToken = tokens.RefreshToken });

        Assert.That(revoke.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await (await RefreshAsync(tokens.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Revoke_AnotherUsersToken_LeavesItWorking()
    {
        var (_, victim, _) = await App.SignedUpUserAsync();
        var (_, attacker, _) = await App.SignedUpUserAsync();
        using var client = App.CreateClient(attacker.AccessToken);

        await client.PostAsJsonAsync("/api/identity/tokens/revoke", new { refreshToken = victim.RefreshToken });

        Assert.That((await RefreshAsync(victim.RefreshToken)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("")]
    [TestCase("not-a-token")]
    public async Task Refresh_UnknownOrEmptyToken_RejectedWithProblem(string token)
    {
        var response = await RefreshAsync(token);
        await response.AssertProblemAsync(token.Length == 0 ? HttpStatusCode.BadRequest : HttpStatusCode.Unauthorized);
    }
}
