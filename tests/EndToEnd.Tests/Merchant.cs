using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace SocialCommerce.EndToEnd.Tests;

/// <summary>A merchant of a new shop, set up through the API, so a test owns every product its shop lists.</summary>
public static class Merchant
{
    public const string Password = "Journey2026pw";

    /// <summary>Signs up, applies, has the demo admin approve, and waits until catalog has opened the shop.</summary>
    public static async Task<string> NewAsync(string shopName)
    {
        var phone = GatewayClient.NewPhone();
        var userId = await GatewayClient.SignUpAsync(phone, Password, nickname: shopName + "店主");
        using (var applicant = GatewayClient.Create((await GatewayClient.SignInAsync(phone, Password)).AccessToken))
        {
            var applied = await applicant.PostAsJsonAsync("/api/identity/merchant-applications",
                new { shopName, businessLicenseNo = "91330100MA2H3X4Y5P", contactName = "陈七" });
            Assert.That(applied.IsSuccessStatusCode, Is.True, await applied.Content.ReadAsStringAsync());
            var applicationId = (await applied.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("applicationId").GetGuid();
            using var admin = GatewayClient.Create((await GatewayClient.SignInAsync("13800000000", "Admin2026!demo")).AccessToken);
            (await admin.PostAsync($"/api/identity/merchant-applications/{applicationId}/approve", null)).EnsureSuccessStatusCode();
        }

        // MerchantApproved reaches catalog over the broker; until then the seller console would say the shop is not open.
        await using var catalog = new NpgsqlConnection(Platform.Instance.CatalogDatabase);
        var opened = await Eventually.WaitForAsync(
            () => catalog.ExecuteScalarAsync<long>("SELECT count(*) FROM shops WHERE merchant_id = @userId", new { userId }),
            count => count == 1, TimeSpan.FromSeconds(30));
        Assert.That(opened, Is.EqualTo(1), "catalog opened the approved merchant's shop");
        return phone;
    }
}
