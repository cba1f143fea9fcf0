using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SocialCommerce.EndToEnd.Tests.Orders;
using static SocialCommerce.EndToEnd.Tests.Social.SocialClient;

namespace SocialCommerce.EndToEnd.Tests.Social;

/// <summary>
/// "Friends bought" through the gateway: identity's consent and order's payment reach social over the broker; only
/// people the caller follows who consented are shown, and a withdrawal removes them within seconds.
/// </summary>
public sealed class FriendsBoughtTests
{
    private static readonly TimeSpan Seconds = TimeSpan.FromSeconds(20);

    [Test]
    public async Task FollowedBuyer_ConsentsThenWithdraws_ShownThenGone_NonConsentingBuyerNeverShown()
    {
        var (follower, _) = await NewPersonAsync("关注者");
        var (consenting, consentingId) = await NewPersonAsync("愿意分享的好友");
        var (private_, privateId) = await NewPersonAsync("不分享的好友");
        using var anonymous = GatewayClient.Create();
        var sku = (await Shop.TakeSkusAsync(1))[0];
        var productId = await Shop.ProductOfAsync(sku.Id);
        foreach (var followed in new[] { consentingId, privateId })
        {
            Assert.That((await follower.PutAsync($"/api/social/users/{followed}/follow", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        await SetSocialProofAsync(consenting, true);
        await Shop.PaidOrderAsync(consenting, (sku.Id, 1));
        await Shop.PaidOrderAsync(private_, (sku.Id, 1));
        var path = $"/api/social/products/{productId}/friends-bought";

        var shown = await Eventually.WaitForAsync(() => follower.GetFromJsonAsync<JsonElement>(path),
            answer => answer.GetProperty("count").GetInt64() > 0, Seconds);
        Assert.That(shown.GetProperty("count").GetInt64(), Is.EqualTo(1), shown.ToString());
        var friend = shown.GetProperty("sample")[0];
        Assert.That(friend.GetProperty("userId").GetGuid(), Is.EqualTo(consentingId));
        Assert.That(friend.GetProperty("nickname").GetString(), Is.EqualTo("愿意分享的好友"));
        await (await anonymous.GetAsync(path)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        await SetSocialProofAsync(consenting, false);
        var gone = await Eventually.WaitForAsync(() => follower.GetFromJsonAsync<JsonElement>(path),
            answer => answer.GetProperty("count").GetInt64() == 0, Seconds);
        Assert.That(gone.GetProperty("sample").GetArrayLength(), Is.Zero, "withdrawn within seconds");
    }

    private static async Task SetSocialProofAsync(HttpClient person, bool on)
    {
        var response = await person.PutAsJsonAsync("/api/identity/me/consents",
            new { socialProof = on, personalisedRecommendations = false, marketing = false });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }
}
