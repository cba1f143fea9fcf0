using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialCommerce.EndToEnd.Tests.Orders;

/// <summary>Cart and checkout through the gateway, paying on the sandbox pay page.</summary>
public sealed class CheckoutJourneyTests
{
    [Test]
    public async Task BuyAndPay_OnSandboxPage_OrderPaidOnceAndStockSold()
    {
        var skus = await Shop.TakeSkusAsync(2);
        using var shopper = await Shop.NewShopperAsync();
        var before = (await Shop.AvailableAsync(skus[0].Id), await Shop.AvailableAsync(skus[1].Id));

        await shopper.PutAsJsonAsync("/api/order/cart", new { lines = new[] { new { skuId = skus[0].Id, quantity = 2 }, new { skuId = skus[1].Id, quantity = 1 } } });
        var placed = await Shop.PlaceAsync(shopper, (skus[0].Id, 2), (skus[1].Id, 1));

        Assert.Multiple(() =>
        {
            Assert.That(placed.Body.GetProperty("status").GetString(), Is.EqualTo("awaiting-payment"));
            Assert.That(placed.Total, Is.EqualTo(skus[0].Price * 2 + skus[1].Price));
            Assert.That(placed.Body.GetProperty("orderNo").GetString(), Does.Match("^[0-9]{14}$"));
            Assert.That(placed.PayUrl, Does.StartWith(LocalPlatform.SandboxProviderUrl + "/pay/"));
        });
        Assert.That(await Shop.AvailableAsync(skus[0].Id), Is.EqualTo(before.Item1 - 2), "reserved at checkout");
        var cart = await shopper.GetFromJsonAsync<JsonElement>("/api/order/cart");
        Assert.That(cart.GetProperty("lines").GetArrayLength(), Is.Zero, "bought SKUs leave the cart");

        await Shop.PressAsync(placed.PayUrl);
        var order = await Shop.WaitForStatusAsync(shopper, placed.OrderId, "paid");

        Assert.Multiple(async () =>
        {
            Assert.That(order.GetProperty("paid").GetProperty("amount").GetInt64(), Is.EqualTo(placed.Total));
            Assert.That(order.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()),
                Is.EqualTo(new[] { "awaiting-payment", "paid" }));
            Assert.That(await Shop.OrderPaidEventsAsync(placed.OrderId), Is.EqualTo(1));
            Assert.That(await Shop.AvailableAsync(skus[0].Id), Is.EqualTo(before.Item1 - 2), "sold, not returned");
            Assert.That(await Shop.AvailableAsync(skus[1].Id), Is.EqualTo(before.Item2 - 1));
        });
        using var merchant = await Shop.MerchantAsync();
        var sellerView = await merchant.GetFromJsonAsync<JsonElement>("/api/seller/orders?status=paid");
        Assert.That(sellerView.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("orderId").GetGuid()), Does.Contain(placed.OrderId));
    }

    [Test]
    public async Task Checkout_SameKeyAndBody_ReturnsTheFirstOrder_OtherBody422()
    {
        var skus = await Shop.TakeSkusAsync(1);
        using var shopper = await Shop.NewShopperAsync();
        var key = Guid.NewGuid().ToString();

        var first = await Shop.CheckoutAsync(shopper, key, (skus[0].Id, 1));
        var repeat = await Shop.CheckoutAsync(shopper, key, (skus[0].Id, 1));
        var other = await Shop.CheckoutAsync(shopper, key, (skus[0].Id, 2));

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created), await first.Content.ReadAsStringAsync());
        Assert.That(repeat.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var firstId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid();
        Assert.That((await repeat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid(), Is.EqualTo(firstId));
        var problem = await other.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("idempotency-key-reused"));
    }

    [Test]
    public async Task Checkout_FiftyConcurrentWithOneKey_OneOrderOneReservation()
    {
        var skus = await Shop.TakeSkusAsync(1);
        using var shopper = await Shop.NewShopperAsync();
        var key = Guid.NewGuid().ToString();
        var before = await Shop.AvailableAsync(skus[0].Id);

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Shop.CheckoutAsync(shopper, key, (skus[0].Id, 3))));

        var ids = new HashSet<Guid>();
        foreach (var response in responses)
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid());
        }

        var mine = await shopper.GetFromJsonAsync<JsonElement>("/api/order/orders");
        Assert.Multiple(async () =>
        {
            Assert.That(ids, Has.Count.EqualTo(1));
            Assert.That(mine.GetProperty("items").GetArrayLength(), Is.EqualTo(1));
            Assert.That(await Shop.AvailableAsync(skus[0].Id), Is.EqualTo(before - 3));
        });
    }

    [Test]
    public async Task Checkout_MoreThanInStock_409AndNothingReservedOrPlaced()
    {
        var skus = await Shop.TakeSkusAsync(2);
        using var shopper = await Shop.NewShopperAsync();
        using var merchant = await Shop.MerchantAsync();
        await Shop.SetStockAsync(merchant, skus[1].Id, 2);
        var before = await Shop.AvailableAsync(skus[0].Id);

        var response = await Shop.CheckoutAsync(shopper, Guid.NewGuid().ToString(), (skus[0].Id, 1), (skus[1].Id, 3));

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Multiple(async () =>
        {
            Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("out-of-stock"));
            Assert.That(problem.GetProperty("skuIds")[0].GetGuid(), Is.EqualTo(skus[1].Id));
            Assert.That(await Shop.AvailableAsync(skus[0].Id), Is.EqualTo(before), "all lines or none");
            Assert.That(await Shop.AvailableAsync(skus[1].Id), Is.EqualTo(2));
            Assert.That((await shopper.GetFromJsonAsync<JsonElement>("/api/order/orders")).GetProperty("items").GetArrayLength(), Is.Zero);
        });
    }
}
