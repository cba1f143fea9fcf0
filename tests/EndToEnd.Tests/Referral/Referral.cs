using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace SocialCommerce.EndToEnd.Tests.Referral;

/// <summary>Referral steps through the gateway, and what referral-commission's database says.</summary>
public static class Referral
{
    public static async Task<string> CodeAsync(HttpClient user) =>
        (await user.GetFromJsonAsync<JsonElement>("/api/referral/me/code")).GetProperty("code").GetString()!;

    public static Task<HttpResponseMessage> BindAsync(HttpClient user, string code) => user.PostAsJsonAsync("/api/referral/bindings", new { code });

    /// <summary>A new shopper who signed up with <paramref name="inviteCode"/>, once the sign-up's binding has been made.</summary>
    public static async Task<HttpClient> InvitedShopperAsync(string inviteCode, string? deviceId = null)
    {
        var phone = GatewayClient.NewPhone();
        var userId = await GatewayClient.SignUpAsync(phone, inviteCode: inviteCode, deviceId: deviceId);
        var referrer = await Eventually.WaitForAsync(() => ReferrerAsync(userId), r => r is not null);
        Assert.That(referrer, Is.Not.Null, "UserRegistered with an invite code binds the new user");
        return GatewayClient.Create((await GatewayClient.SignInAsync(phone)).AccessToken);
    }

    public static async Task<Guid?> ReferrerAsync(Guid userId)
    {
        await using var connection = new NpgsqlConnection(Platform.Instance.ReferralDatabase);
        return await connection.QuerySingleOrDefaultAsync<Guid?>("SELECT referrer_id FROM bindings WHERE user_id = @userId", new { userId });
    }

    /// <summary>The default rules with these changes, for one test; put back to the defaults when disposed.</summary>
    public static async Task<IAsyncDisposable> RulesForTestAsync(HttpClient admin, int freezeDays = 7, long minWithdrawal = 1000)
    {
        var response = await admin.PutAsJsonAsync("/api/referral/rules", Rules(freezeDays, minWithdrawal));
        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return new DefaultRulesBack(admin);
    }

    /// <summary>The migration's default rules, or these changes to them.</summary>
    public static object Rules(int freezeDays = 7, long minWithdrawal = 1000) =>
        new { tiers = 2, tier1Rate = 0.1m, tier2Rate = 0.05m, bindingDays = 30, freezeDays, minWithdrawal, selfPurchaseRebate = false };

    private sealed class DefaultRulesBack(HttpClient admin) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await admin.PutAsJsonAsync("/api/referral/rules", Rules());
    }

    public static async Task<HttpResponseMessage> PostWithKeyAsync(this HttpClient user, string path, object body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await user.SendAsync(request);
    }

    /// <summary>A withdrawal that must be accepted (201): the withdrawal as it stands after its payout attempt.</summary>
    public static async Task<JsonElement> WithdrawAsync(HttpClient user, long amount, string key)
    {
        var response = await user.PostWithKeyAsync("/api/referral/me/withdrawals", new { amount }, key);
        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>When the order's tier-1 commission falls due (set once referral has heard of the order's completion).</summary>
    public static async Task<DateTime?> AvailableAtAsync(Guid orderId)
    {
        await using var connection = new NpgsqlConnection(Platform.Instance.ReferralDatabase);
        return await connection.QuerySingleOrDefaultAsync<DateTime?>(
            "SELECT available_at FROM commission_entries WHERE order_id = @orderId AND kind = 'accrual' AND tier = 1", new { orderId });
    }

    /// <summary>Whether referral's inbox holds the order's OrderPaid (its message id is the order outbox row's id).</summary>
    public static async Task<bool> HandledOrderPaidAsync(Guid orderId)
    {
        await using var orders = new NpgsqlConnection(Platform.Instance.OrderDatabase);
        var messageId = await orders.QuerySingleOrDefaultAsync<Guid?>(
            "SELECT id FROM outbox_messages WHERE message_type LIKE 'SocialCommerce.Contracts.Events.Order.OrderPaid,%' AND body->>'orderId' = @id",
            new { id = orderId.ToString() });
        if (messageId is null) return false;
        await using var referral = new NpgsqlConnection(Platform.Instance.ReferralDatabase);
        return await referral.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM inbox_messages WHERE message_id = @messageId)", new { messageId });
    }

    public static async Task<JsonElement[]> CommissionsAsync(HttpClient user) =>
        (await user.GetFromJsonAsync<JsonElement>("/api/referral/me/commissions")).GetProperty("items").EnumerateArray().ToArray();
}
