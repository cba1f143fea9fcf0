using System.Net;
using System.Net.Http.Json;
using Dapper;
using Npgsql;
using SocialCommerce.EndToEnd.Tests.Orders;

namespace SocialCommerce.EndToEnd.Tests.Referral;

/// <summary>PIPL erasure reaches referral: the masked nickname and the sign-up signals go, the binding (a financial record) stays.</summary>
public sealed class ReferralErasureTests
{
    [Test]
    public async Task Erase_InvitedUser_SignalsAndNicknameGoneBindingStays()
    {
        using var referrer = await Shop.NewShopperAsync();
        using var invited = await Referral.InvitedShopperAsync(await Referral.CodeAsync(referrer), "erase-" + Guid.NewGuid().ToString("N"));
        var userId = (await invited.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/identity/me")).GetProperty("userId").GetGuid();
        var before = await SignalsAsync(userId);

        Assert.That((await invited.DeleteAsync("/api/identity/me")).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));

        var after = await Eventually.WaitForAsync(() => SignalsAsync(userId), s => s.Nickname is null, TimeSpan.FromSeconds(20));
        Assert.Multiple(async () =>
        {
            Assert.That(before, Is.EqualTo(new Signals("旅*者", before.PhonePrefix, before.DeviceId, before.BindingDevice)));
            Assert.That(before.PhonePrefix, Has.Length.EqualTo(7));
            Assert.That(before.DeviceId, Does.StartWith("erase-"));
            Assert.That(before.BindingDevice, Is.EqualTo(before.DeviceId));
            Assert.That(after, Is.EqualTo(new Signals(null, null, null, null)));
            Assert.That(await Referral.ReferrerAsync(userId), Is.Not.Null, "the binding stays");
        });
    }

    private static async Task<Signals> SignalsAsync(Guid userId)
    {
        await using var connection = new NpgsqlConnection(Platform.Instance.ReferralDatabase);
        return await connection.QuerySingleAsync<Signals>(
            """
            SELECT u.nickname_masked AS nickname, u.phone_prefix AS phoneprefix, u.device_id AS deviceid, b.device_id AS bindingdevice
            FROM referral_users u JOIN bindings b ON b.user_id = u.user_id WHERE u.user_id = @userId
            """,
            new { userId });
    }

    private sealed record Signals(string? Nickname, string? PhonePrefix, string? DeviceId, string? BindingDevice);
}
