using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialCommerce.EndToEnd.Tests.Orders;

/// <summary>PIPL erasure reaches order: what identifies the shopper goes, the books stay.</summary>
public sealed class OrderErasureTests
{
    [Test]
    public async Task Erase_ShopperWithARefundRequest_AddressAndRequestTextBlankedOrderKept()
    {
        var sku = (await Shop.TakeSkusAsync(1))[0];
        using var shopper = await Shop.NewShopperAsync();
        using var merchant = await Shop.MerchantAsync();
        var orderId = await AfterSalesJourneyTests.DeliveredOrderAsync(shopper, merchant, (sku.Id, 1));
        var requested = await shopper.PostAsJsonAsync($"/api/order/orders/{orderId}/refund-requests", new { reason = "颜色不对，请打 13912345678 找王小明" });
        Assert.That(requested.StatusCode, Is.EqualTo(HttpStatusCode.Created), await requested.Content.ReadAsStringAsync());
        var requestId = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refundRequestId").GetGuid();

        Assert.That((await shopper.DeleteAsync("/api/identity/me")).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));

        var reason = await Eventually.WaitForAsync(
            () => OrderTextAsync("SELECT reason FROM refund_requests WHERE id = @requestId", new { requestId }), text => text == "");
        Assert.Multiple(async () =>
        {
            Assert.That(reason, Is.Empty);
            Assert.That(await OrderTextAsync("SELECT shipping_address->>'phone' FROM orders WHERE id = @orderId", new { orderId }), Is.Empty);
            Assert.That(await OrderTextAsync("SELECT status FROM orders WHERE id = @orderId", new { orderId }), Is.EqualTo("refund-requested"),
                "the order itself stays for the merchant's books");
        });
    }

    private static async Task<string?> OrderTextAsync(string sql, object args)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Platform.Instance.OrderDatabase);
        return await Dapper.SqlMapper.ExecuteScalarAsync<string>(connection, sql, args);
    }
}
