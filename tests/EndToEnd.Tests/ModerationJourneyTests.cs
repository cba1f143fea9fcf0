using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialCommerce.EndToEnd.Tests;

/// <summary>
/// Step [3] through the gateway: catalog → moderation → catalog over RabbitMQ. Copy with 广告法 absolute terms is
/// rejected with the term and its position; contact details wait for a moderator; an appeal works once and goes to
/// a moderator other than the one who decided.
/// </summary>
public sealed class ModerationJourneyTests
{
    internal static async Task<(HttpClient Seller, Guid ProductId)> SubmitAsync(string title, string? description = null)
    {
        var merchant = await CatalogJourneyTests.NewApprovedMerchantAsync();
        var seller = GatewayClient.Create(merchant.AccessToken);
        var created = await Eventually.WaitForAsync(
            () => seller.PostAsJsonAsync("/api/seller/products",
                description is null ? CatalogJourneyTests.NewProduct(title) : CatalogJourneyTests.NewProduct(title, description)),
            response => response.StatusCode != HttpStatusCode.Conflict, TimeSpan.FromSeconds(30));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var productId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("productId").GetGuid();
        Assert.That((await seller.PostAsync($"/api/seller/products/{productId}/submit", null)).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        return (seller, productId);
    }

    internal static Task<JsonElement> WaitForProductAsync(HttpClient seller, Guid productId, Func<JsonElement, bool> done) =>
        Eventually.WaitForAsync(() => seller.GetFromJsonAsync<JsonElement>($"/api/seller/products/{productId}"), done, TimeSpan.FromSeconds(30));

    internal static async Task<HttpClient> SignInAsync(string phone, string password) =>
        GatewayClient.Create((await GatewayClient.SignInAsync(phone, password)).AccessToken);

    [Test]
    public async Task Journey_AbsoluteTermsInTitle_RejectedWithTermAndPosition_AppealApprovedOnce_Listed()
    {
        var word = $"岩韵{Random.Shared.Next(1000, 9999)}";
        var (seller, productId) = await SubmitAsync($"国家级工艺 {word}大红袍 全网最低价");

        var rejected = await WaitForProductAsync(seller, productId, p => p.GetProperty("status").GetString() == "rejected");
        var reasons = rejected.GetProperty("moderationReasons").EnumerateArray().Select(r => r.GetString()).ToList();
        var caseId = rejected.GetProperty("moderationCaseId").GetGuid();
        Assert.That(reasons, Does.Contain("title: \"国家级\" (advertising-law) at 0, length 3"));
        Assert.That(reasons, Has.Some.StartsWith("title: \"全网最低价\" (advertising-law) at "));

        var appeal = await seller.PostAsJsonAsync("/api/moderation/appeals", new { caseId, statement = "“国家级工艺”是非遗传承人的正式称号" });
        var second = await seller.PostAsJsonAsync("/api/moderation/appeals", new { caseId, statement = "再试一次" });
        using var moderator = await SignInAsync("13800000005", "Moderator2026!demo");
        var queue = await moderator.GetFromJsonAsync<JsonElement>("/api/moderation/cases?status=pending&limit=100");
        var claim = await moderator.PostAsync($"/api/moderation/cases/{caseId}/claim", null);
        var decision = await moderator.PostAsJsonAsync($"/api/moderation/cases/{caseId}/decision", new { outcome = "approve", reason = "非遗名录名称，属实" });

        Assert.That(appeal.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await appeal.Content.ReadAsStringAsync());
        await second.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.That(queue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("caseId").GetGuid()), Does.Contain(caseId));
        Assert.That(claim.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(decision.StatusCode, Is.EqualTo(HttpStatusCode.OK), await decision.Content.ReadAsStringAsync());
        await WaitForProductAsync(seller, productId, p => p.GetProperty("status").GetString() == "listed");
        using var shopper = GatewayClient.Create();
        var found = await shopper.GetFromJsonAsync<JsonElement>($"/api/catalog/products?q={Uri.EscapeDataString(word)}");
        Assert.That(found.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("productId").GetGuid()), Does.Contain(productId));
        seller.Dispose();
    }

    [Test]
    public async Task Journey_ContactDetails_HeldForReview_RejectedThenAppealDecidedByAnotherModerator_Listed()
    {
        var (seller, productId) = await SubmitAsync($"高山白茶 {Random.Shared.Next(1000, 9999)}", "批发价请加微 信咨询");

        var held = await WaitForProductAsync(seller, productId, p => p.GetProperty("moderationCaseId").ValueKind == JsonValueKind.String);
        var caseId = held.GetProperty("moderationCaseId").GetGuid();
        using var admin = await SignInAsync("13800000000", "Admin2026!demo");
        using var moderator = await SignInAsync("13800000005", "Moderator2026!demo");
        Assert.That((await admin.PostAsync($"/api/moderation/cases/{caseId}/claim", null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await admin.PostAsJsonAsync($"/api/moderation/cases/{caseId}/decision", new { outcome = "reject", reason = "站外引流" })).StatusCode,
            Is.EqualTo(HttpStatusCode.OK));
        var rejected = await WaitForProductAsync(seller, productId, p => p.GetProperty("status").GetString() == "rejected");

        var appeal = await seller.PostAsJsonAsync("/api/moderation/appeals", new { caseId, statement = "指的是平台内的客服微信号，已改为站内客服" });
        var sameModerator = await admin.PostAsync($"/api/moderation/cases/{caseId}/claim", null);
        var otherModerator = await moderator.PostAsync($"/api/moderation/cases/{caseId}/claim", null);
        var decision = await moderator.PostAsJsonAsync($"/api/moderation/cases/{caseId}/decision", new { outcome = "approve", reason = "申诉成立" });

        Assert.Multiple(() =>
        {
            Assert.That(held.GetProperty("status").GetString(), Is.EqualTo("pending-review"));
            Assert.That(held.GetProperty("moderationReasons").EnumerateArray().Select(r => r.GetString()),
                Has.Some.StartsWith("description: ").And.Some.Contains("(contact)"));
            Assert.That(rejected.GetProperty("moderationReasons").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { "站外引流" }));
            Assert.That(appeal.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(otherModerator.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(decision.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
        await sameModerator.AssertProblemAsync(HttpStatusCode.Conflict);
        await WaitForProductAsync(seller, productId, p => p.GetProperty("status").GetString() == "listed");
        seller.Dispose();
    }

    [Test]
    public async Task Screenings_ThroughGateway_ModeratorGetsHitsShopper403Anonymous401()
    {
        using var moderator = await SignInAsync("13800000005", "Moderator2026!demo");
        using var shopper = await SignInAsync("13800000001", "Shopper2026!demo");
        using var anonymous = GatewayClient.Create();
        var body = new { text = "加V：abc_12345 领取优惠", kind = "comment" };

        var answer = await (await moderator.PostAsJsonAsync("/api/moderation/screenings", body)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.That(answer.GetProperty("outcome").GetString(), Is.EqualTo("review"));
        Assert.That(answer.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("category").GetString()), Has.All.EqualTo("contact"));
        await (await shopper.PostAsJsonAsync("/api/moderation/screenings", body)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await anonymous.PostAsJsonAsync("/api/moderation/screenings", body)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
