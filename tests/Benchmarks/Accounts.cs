using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SocialCommerce.TestSupport;

namespace SocialCommerce.Benchmarks;

public sealed record Shopper(Guid UserId, string Token);

/// <summary>Accounts a benchmark acts as, through the gateway: the demo merchant, and fresh shoppers.</summary>
public static class Accounts
{
    public const string MerchantPhone = "13800000002";   // 好物小店
    public const string MerchantPassword = "Merchant2026!demo";
    public const string MerchantUserId = "0190a000-0000-7000-8000-000000000003";
    private const string ShopperPassword = "Bench2026checkout";

    /// <summary>One after another: sign-up hashes a password, and many at once only measure identity's CPU.</summary>
    public static async Task<IReadOnlyList<Shopper>> SignUpShoppersAsync(HttpClient http, int count)
    {
        var shoppers = new List<Shopper>();
        while (shoppers.Count < count)
        {
            var phone = "139" + Random.Shared.NextInt64(10_000_000, 99_999_999);
            using var response = await http.PostAsJsonAsync($"{LocalPlatform.GatewayUrl}/api/identity/users",
                new { phone, password = ShopperPassword, nickname = $"压测买家{shoppers.Count + 1}" });
            if (response.StatusCode == HttpStatusCode.Conflict) continue;   // the random phone is taken: draw another
            if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"sign-up: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var userId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetGuid();
            shoppers.Add(new Shopper(userId, await SignInAsync(http, phone, ShopperPassword)));
        }

        return shoppers;
    }

    public static async Task<string> SignInAsync(HttpClient http, string phone, string password)
    {
        using var response = await http.PostAsJsonAsync($"{LocalPlatform.GatewayUrl}/api/identity/tokens", new { phone, password });
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"sign-in {phone}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }
}
