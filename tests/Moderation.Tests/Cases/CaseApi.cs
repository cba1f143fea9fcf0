using System.Net.Http.Json;
using System.Text.Json;
using SocialCommerce.Moderation.Tests.Pipeline;

namespace SocialCommerce.Moderation.Tests.Cases;

public static class CaseApi
{
    /// <summary>A product held for review (contact details in its title): its case id and the merchant who owns it.</summary>
    public static async Task<(Guid CaseId, Guid OwnerId, Guid ProductId)> HeldProductAsync(this ModerationApp app) =>
        await app.CaseForAsync(ContentEvents.Product($"手工茶 加微信 咨询 {Random.Shared.Next(1000, 9999)}号"));

    /// <summary>A product screening blocked outright: its case is rejected already and may be appealed.</summary>
    public static async Task<(Guid CaseId, Guid OwnerId, Guid ProductId)> BlockedProductAsync(this ModerationApp app) =>
        await app.CaseForAsync(ContentEvents.Product("国家级 顶级 手工茶"));

    private static async Task<(Guid, Guid, Guid)> CaseForAsync(this ModerationApp app, Contracts.Events.Catalog.ProductSubmittedForReview product)
    {
        await app.Publish(product);
        await app.ScreenedAsync("product", product.ProductId);
        var caseId = await app.ScalarAsync<Guid>("SELECT case_id FROM screenings WHERE content_id = @id", new { id = product.ProductId });
        return (caseId, product.MerchantId, product.ProductId);
    }

    public static Task<HttpResponseMessage> ClaimAsync(this HttpClient client, Guid caseId) =>
        client.PostAsync($"/api/moderation/cases/{caseId}/claim", null);

    public static Task<HttpResponseMessage> DecideAsync(this HttpClient client, Guid caseId, string outcome, string reason = "核实后处理") =>
        client.PostAsJsonAsync($"/api/moderation/cases/{caseId}/decision", new { outcome, reason });

    public static Task<HttpResponseMessage> AppealAsync(this HttpClient client, Guid caseId, string statement = "“国家级”是非遗名录的正式名称") =>
        client.PostAsJsonAsync("/api/moderation/appeals", new { caseId, statement });

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>The case row and the audit trail, as one string: equal before and after a refused request means nothing changed.</summary>
    public static async Task<string> CaseStateAsync(this ModerationApp app, Guid caseId) =>
        await app.ScalarAsync<string>(
            """
            SELECT (SELECT row_to_json(c)::text FROM cases c WHERE id = @caseId)
                || (SELECT count(*)::text FROM audit_log WHERE subject = 'case:' || @caseId)
                || (SELECT count(*)::text FROM outbox_messages)
            """,
            new { caseId });
}
