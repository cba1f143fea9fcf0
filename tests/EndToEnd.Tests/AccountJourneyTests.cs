using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialCommerce.EndToEnd.Tests;

/// <summary>The identity journeys of issue [1], every step through the gateway against real processes.</summary>
public sealed class AccountJourneyTests
{
    [Test]
    public async Task Journey_SignUpToSignOut_RotationReuseRevokesFamily()
    {
        var phone = GatewayClient.NewPhone();
        var userId = await GatewayClient.SignUpAsync(phone);
        var first = await GatewayClient.SignInAsync(phone);

        using (var client = GatewayClient.Create(first.AccessToken))
        {
            var me = await client.GetFromJsonAsync<JsonElement>("/api/identity/me");
            Assert.That(me.GetProperty("userId").GetGuid(), Is.EqualTo(userId));
            Assert.That(me.GetProperty("phone").GetString(), Is.EqualTo($"{phone[..3]}****{phone[7..]}"));
        }

        var refreshed = await GatewayClient.RefreshAsync(first.RefreshToken);
        Assert.That(refreshed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var second = (await refreshed.Content.ReadFromJsonAsync<TokenPair>())!;

        await (await GatewayClient.RefreshAsync(first.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await GatewayClient.RefreshAsync(second.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        var third = await GatewayClient.SignInAsync(phone);
        using (var client = GatewayClient.Create(third.AccessToken))
        {
            var revoke = await client.PostAsJsonAsync("/api/identity/tokens/revoke", new { refreshToken = third.RefreshToken });
            Assert.That(revoke.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        await (await GatewayClient.RefreshAsync(third.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Journey_MerchantApplicationApprovedByAdmin_NewTokenCarriesMerchantRole()
    {
        var phone = GatewayClient.NewPhone();
        await GatewayClient.SignUpAsync(phone);
        var applicant = await GatewayClient.SignInAsync(phone);
        Guid applicationId;
        using (var client = GatewayClient.Create(applicant.AccessToken))
        {
            var applied = await client.PostAsJsonAsync("/api/identity/merchant-applications",
                new { shopName = "山野茶铺", businessLicenseNo = "91330100MA2H3X4Y5P", contactName = "李四" });
            Assert.That(applied.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            applicationId = (await applied.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("applicationId").GetGuid();
        }

        var admin = await GatewayClient.SignInAsync("13800000000", "Admin2026!demo");
        using (var client = GatewayClient.Create(admin.AccessToken))
        {
            var pending = await client.GetFromJsonAsync<JsonElement>("/api/identity/merchant-applications?status=pending");
            Assert.That(pending.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("applicationId").GetGuid()), Does.Contain(applicationId));
            var approve = await client.PostAsync($"/api/identity/merchant-applications/{applicationId}/approve", null);
            Assert.That(approve.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        Assert.That(GatewayClient.RolesIn(applicant.AccessToken), Does.Not.Contain("merchant"));
        var refreshed = (await (await GatewayClient.RefreshAsync(applicant.RefreshToken)).Content.ReadFromJsonAsync<TokenPair>())!;
        Assert.That(GatewayClient.RolesIn(refreshed.AccessToken), Does.Contain("merchant").And.Contain("shopper"));
    }

    [Test]
    public async Task Journey_SmsCodeSignIn_CreatesAccountOnFirstUse()
    {
        var phone = GatewayClient.NewPhone();
        using var client = GatewayClient.Create();

        var requested = await client.PostAsJsonAsync("/api/identity/sms-codes", new { phone, purpose = "sign-in" });
        Assert.That(requested.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var code = (await client.GetFromJsonAsync<JsonElement>($"/api/identity/dev/sms-codes/latest?phone={phone}")).GetProperty("code").GetString();
        var signedIn = await client.PostAsJsonAsync("/api/identity/tokens/sms", new { phone, code });

        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var tokens = (await signedIn.Content.ReadFromJsonAsync<TokenPair>())!;
        using var authed = GatewayClient.Create(tokens.AccessToken);
        var me = await authed.GetFromJsonAsync<JsonElement>("/api/identity/me");
        Assert.That(me.GetProperty("nickname").GetString(), Is.EqualTo($"用户{phone[7..]}"));
    }

    [Test]
    public async Task Journey_ExportThenErase_DataGoneAndPhoneFree()
    {
        var phone = GatewayClient.NewPhone();
        var userId = await GatewayClient.SignUpAsync(phone);
        var tokens = await GatewayClient.SignInAsync(phone);
        using var client = GatewayClient.Create(tokens.AccessToken);

        var export = await client.GetFromJsonAsync<JsonElement>("/api/identity/me/export");
        Assert.That(export.GetProperty("phone").GetString(), Is.EqualTo(phone));

        var erase = await client.DeleteAsync("/api/identity/me");
        Assert.That(erase.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));

        using var anonymous = GatewayClient.Create();
        var signIn = await anonymous.PostAsJsonAsync("/api/identity/tokens", new { phone, password = "Journey2026pw" });
        await signIn.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That(await GatewayClient.CountAsync("SELECT count(*) FROM users WHERE id = @userId AND erased_at IS NOT NULL AND phone_cipher IS NULL",
            new { userId }), Is.EqualTo(1));
        Assert.That(await GatewayClient.SignUpAsync(phone), Is.Not.EqualTo(userId));
    }
}
