using System.Net.Http.Json;
using System.Text.Json;

namespace SocialCommerce.EndToEnd.Tests.Orders;

/// <summary>PIPL access: one export through the gateway holds what every service keeps about the person, and only theirs.</summary>
public sealed class DataExportTests
{
    [Test]
    public async Task Export_ShopperWithAPaidOrderAndAnInviteCode_HoldsEveryServicesPartAndNoOneElses()
    {
        var sku = (await Shop.TakeSkusAsync(1))[0];
        using var shopper = await Shop.NewShopperAsync();
        using var someoneElse = await Shop.NewShopperAsync();
        var orderId = await Shop.PaidOrderAsync(shopper, (sku.Id, 1));
        var otherOrderId = await Shop.PaidOrderAsync(someoneElse, (sku.Id, 1));
        var code = (await shopper.GetFromJsonAsync<JsonElement>("/api/referral/me/code")).GetProperty("code").GetString();

        var export = await shopper.GetFromJsonAsync<JsonElement>("/api/identity/me/export");

        var services = export.GetProperty("services");
        var orders = services.GetProperty("order").GetProperty("orders").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(services.EnumerateObject().Select(part => part.Name), Is.EquivalentTo(new[] { "order", "payment", "referral", "moderation", "social", "recommendation" }));
            Assert.That(orders.Select(order => order.GetProperty("id").GetGuid()), Is.EqualTo(new[] { orderId }), "the shopper's order, not the other one");
            Assert.That(orders[0].GetProperty("shipping_address").GetProperty("phone").GetString(), Is.EqualTo("13800000001"), "Shop.Address, in full: it is the owner's own");
            Assert.That(services.GetProperty("order").GetProperty("orderLines").GetArrayLength(), Is.EqualTo(1));
            Assert.That(services.GetProperty("payment").GetProperty("payments").EnumerateArray()
                .Select(payment => payment.GetProperty("order_id").GetGuid()), Is.EqualTo(new[] { orderId }));
            Assert.That(services.GetProperty("referral").GetProperty("inviteCodes").EnumerateArray()
                .Select(invite => invite.GetProperty("code").GetString()), Is.EqualTo(new[] { code }));
            Assert.That(services.GetProperty("moderation").GetProperty("cases").GetArrayLength(), Is.Zero);
            Assert.That(services.GetProperty("social").GetProperty("posts").GetArrayLength(), Is.Zero);
            Assert.That(services.GetProperty("recommendation").GetProperty("signals").EnumerateArray()
                .Select(signal => signal.GetProperty("kind").GetString()), Is.All.EqualTo("purchase"), "her purchase, once OrderPaid arrived");
            Assert.That(export.ToString(), Does.Not.Contain(otherOrderId.ToString()));
        });
    }
}
