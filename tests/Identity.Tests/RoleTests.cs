using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SocialCommerce.Identity.Tokens;

namespace SocialCommerce.Identity.Tests;

/// <summary>Admins appoint and dismiss moderators; the change shows in the user's next token.</summary>
public sealed class RoleTests : IdentityFixture
{
    private Guid adminId;
    private string adminToken = null!;

    [OneTimeSetUp]
    public async Task CreateAdmin() => (adminId, adminToken) = await App.NewAdminAsync();

    private Task<string> RolesInDatabaseAsync(Guid userId) =>
        App.ScalarAsync<string>("SELECT string_agg(role, ',' ORDER BY role) FROM user_roles WHERE user_id = @userId", new { userId });

    [Test]
    public async Task Put_Moderator_GrantedAndInTheNextToken_DeleteRevokes()
    {
        var (userId, tokens, _) = await App.SignedUpUserAsync();
        using var admin = App.CreateClient(adminToken);

        var granted = await admin.PutAsync($"/api/identity/users/{userId}/roles/moderator", null);
        var again = await admin.PutAsync($"/api/identity/users/{userId}/roles/moderator", null);
        var refreshed = await App.RefreshAsync(tokens.RefreshToken);
        var revoked = await admin.DeleteAsync($"/api/identity/users/{userId}/roles/moderator");

        Assert.That(granted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await granted.Content.ReadAsStringAsync());
        Assert.Multiple(async () =>
        {
            Assert.That((await granted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roles").EnumerateArray().Select(r => r.GetString()),
                Is.EquivalentTo(new[] { "moderator", "shopper" }));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK), "granting twice is harmless");
            Assert.That(RolesInToken(refreshed.AccessToken), Does.Contain("moderator"));
            Assert.That(revoked.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await RolesInDatabaseAsync(userId), Is.EqualTo("shopper"));
        });
    }

    [Test]
    public async Task Put_MerchantRole_409BecauseMerchantsAreApproved()
    {
        var (userId, _, _) = await App.SignedUpUserAsync();
        using var admin = App.CreateClient(adminToken);

        var problem = await (await admin.PutAsync($"/api/identity/users/{userId}/roles/merchant", null)).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("role-not-appointable"));
        Assert.That(await RolesInDatabaseAsync(userId), Is.EqualTo("shopper"));
    }

    [Test]
    public async Task Put_UnknownRoleOrUser_400And404()
    {
        var (userId, _, _) = await App.SignedUpUserAsync();
        using var admin = App.CreateClient(adminToken);

        await (await admin.PutAsync($"/api/identity/users/{userId}/roles/superuser", null)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PutAsync($"/api/identity/users/{Guid.CreateVersion7()}/roles/moderator", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await admin.GetAsync($"/api/identity/users/{Guid.CreateVersion7()}/roles")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Delete_OwnAdminRole_409()
    {
        using var admin = App.CreateClient(adminToken);

        await (await admin.DeleteAsync($"/api/identity/users/{adminId}/roles/admin")).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.That(await RolesInDatabaseAsync(adminId), Does.Contain("admin"));
    }

    [Test]
    public async Task Put_ByNonAdmin_403AndNothingChanged()
    {
        var (userId, _, _) = await App.SignedUpUserAsync();
        var (_, moderatorTokens, _) = await App.SignedUpUserAsync();
        using var notAdmin = App.CreateClient(moderatorTokens.AccessToken);

        await (await notAdmin.PutAsync($"/api/identity/users/{userId}/roles/moderator", null)).AssertProblemAsync(HttpStatusCode.Forbidden);

        Assert.That(await RolesInDatabaseAsync(userId), Is.EqualTo("shopper"));
    }

    private static IReadOnlyList<string> RolesInToken(string accessToken)
    {
        var payload = accessToken.Split('.')[1].Replace('-', '+').Replace('_', '/');
        var json = JsonDocument.Parse(Convert.FromBase64String(payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=')));
        var role = json.RootElement.GetProperty("role");
        return role.ValueKind == JsonValueKind.Array ? role.EnumerateArray().Select(r => r.GetString()!).ToList() : [role.GetString()!];
    }
}
