using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SocialCommerce.Identity.Tokens;

namespace SocialCommerce.Identity.Tests;

public sealed class MerchantApplicationTests : IdentityFixture
{
    private const string LicenseNo = "91310000MA1FL8XQ3C";
    private string adminToken = null!;

    [OneTimeSetUp]
    public async Task CreateAdmin() => (_, adminToken) = await App.NewAdminAsync();

    private async Task<Guid> ApplyAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/api/identity/merchant-applications",
            new { shopName = "好物小店", businessLicenseNo = LicenseNo, contactName = "张三" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("pending"));
        return body.GetProperty("applicationId").GetGuid();
    }

    [Test]
    public async Task Approve_PendingApplication_GrantsMerchantRoleAndPublishesMerchantApproved()
    {
        var (userId, tokens, _) = await App.SignedUpUserAsync();
        using var applicant = App.CreateClient(tokens.AccessToken);
        var applicationId = await ApplyAsync(applicant);
        using var admin = App.CreateClient(adminToken);

        var approve = await admin.PostAsync($"/api/identity/merchant-applications/{applicationId}/approve", null);

        Assert.That(approve.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var refreshed = await App.RefreshAsync(tokens.RefreshToken);
        using var merchant = App.CreateClient(refreshed.AccessToken);
        var me = await merchant.GetFromJsonAsync<JsonElement>("/api/identity/me");
        Assert.Multiple(async () =>
        {
            Assert.That(me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()), Does.Contain("merchant"));
            Assert.That(await App.ScalarAsync<string>(
                "SELECT body->>'shopName' FROM outbox_messages WHERE message_type LIKE '%MerchantApproved%' AND body->>'userId' = @id",
                new { id = userId.ToString() }), Is.EqualTo("好物小店"));
        });
    }

    [Test]
    public async Task Approve_ByShopper_Returns403AndChangesNothing()
    {
        var (_, tokens, _) = await App.SignedUpUserAsync();
        using var applicant = App.CreateClient(tokens.AccessToken);
        var applicationId = await ApplyAsync(applicant);

        var response = await applicant.PostAsync($"/api/identity/merchant-applications/{applicationId}/approve", null);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.That(await App.ScalarAsync<string>("SELECT status FROM merchant_applications WHERE id = @applicationId", new { applicationId }),
            Is.EqualTo("pending"));
    }

    [Test]
    public async Task Decide_AlreadyDecidedOrUnknown_Returns409Or404()
    {
        var (_, tokens, _) = await App.SignedUpUserAsync();
        using var applicant = App.CreateClient(tokens.AccessToken);
        var applicationId = await ApplyAsync(applicant);
        using var admin = App.CreateClient(adminToken);

        var reject = await admin.PostAsJsonAsync($"/api/identity/merchant-applications/{applicationId}/reject", new { reason = "营业执照模糊" });
        var approveAfter = await admin.PostAsync($"/api/identity/merchant-applications/{applicationId}/approve", null);
        var unknown = await admin.PostAsync($"/api/identity/merchant-applications/{Guid.NewGuid()}/approve", null);

        Assert.That(reject.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await approveAfter.AssertProblemAsync(HttpStatusCode.Conflict);
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Submit_SecondWhilePending_Returns409()
    {
        var (_, tokens, _) = await App.SignedUpUserAsync();
        using var applicant = App.CreateClient(tokens.AccessToken);
        await ApplyAsync(applicant);

        var second = await applicant.PostAsJsonAsync("/api/identity/merchant-applications",
            new { shopName = "第二家", businessLicenseNo = LicenseNo, contactName = "张三" });

        var problem = await second.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("application-pending"));
    }

    [Test]
    public async Task Submit_BadLicenseNumber_Returns400()
    {
        var (_, tokens, _) = await App.SignedUpUserAsync();
        using var applicant = App.CreateClient(tokens.AccessToken);

        var response = await applicant.PostAsJsonAsync("/api/identity/merchant-applications",
            new { shopName = "小店", businessLicenseNo = "ABC", contactName = "张三" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("errors").TryGetProperty("businessLicenseNo", out _), Is.True);
    }

    [Test]
    public async Task Get_AnotherUsersApplication_Returns404()
    {
        var (_, owner, _) = await App.SignedUpUserAsync();
        var (_, other, _) = await App.SignedUpUserAsync();
        using var ownerClient = App.CreateClient(owner.AccessToken);
        var applicationId = await ApplyAsync(ownerClient);
        using var otherClient = App.CreateClient(other.AccessToken);

        await (await otherClient.GetAsync($"/api/identity/merchant-applications/{applicationId}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
