using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SocialCommerce.ApiClient.Order.Models;

namespace SocialCommerce.EndToEnd.Tests.Orders;

/// <summary>Cart and checkout through the gateway, paying on the sandbox pay page.</summary>
public sealed class CheckoutJourneyTests
{
    /// <summary>The journey a client team's app makes, through the client generated from the API documents.</summary>
    [Test]
    public async Task BuyAndPay_OnSandboxPage_OrderPaidOnceAndStockSold()
    {
        var skus = await Shop.TakeSkusAsync(2);
        using var shopper = await Shop.NewShopperAsync();
        var api = shopper.Api();
        var before = (await Shop.AvailableAsync(skus[0].Id), await Shop.AvailableAsync(skus[1].Id));
        List<CartLine> lines = [new() { SkuId = skus[0].Id, Quantity = 2 }, new() { SkuId = skus[1].Id, Quantity = 1 }];

        await api.Order.Cart.PutAsync(new Cart { Lines = lines });
        var placed = (await api.Order.Orders.PostAsync(
            new CheckoutRequest
            {
                Lines = lines,
                ShippingAddress = new ShippingAddress { Name = "小红", Phone = "13800000001", Region = "浙江省杭州市西湖区", Line1 = "文三路 90 号 8 幢 301" },
            },
            request => request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString())))!;

        Assert.Multiple(() =>
        {
            Assert.That(placed.Status, Is.EqualTo("awaiting-payment"));
            Assert.That(placed.Total!.Amount, Is.EqualTo(skus[0].Price * 2 + skus[1].Price));
            Assert.That(placed.Total!.Currency, Is.EqualTo("CNY"));
            Assert.That(placed.OrderNo, Does.Match("^[0-9]{14}$"));
            Assert.That(placed.Payment!.PayUrl, Does.StartWith(LocalPlatform.SandboxProviderUrl + "/pay/"));
        });
        Assert.That(await Shop.AvailableAsync(skus[0].Id), Is.EqualTo(before.Item1 - 2), "reserved at checkout");
        Assert.That((await api.Order.Cart.GetAsync())!.Lines, Is.Empty, "bought SKUs leave the cart");

        await Shop.PressAsync(placed.Payment!.PayUrl!);
        var orderId = placed.OrderId!.Value;
        var order = (await Eventually.WaitForAsync(() => api.Order.Orders[orderId].GetAsync(), o => o?.Status == "paid", TimeSpan.FromSeconds(30)))!;

        Assert.Multiple(async () =>
        {
            Assert.That(order.Status, Is.EqualTo("paid"));
            Assert.That(order.Paid!.Amount, Is.EqualTo(placed.Total!.Amount));
            Assert.That(order.History!.Select(change => change.Status), Is.EqualTo(new[] { "awaiting-payment", "paid" }));
            Assert.That(order.Lines!.Select(line => line.SkuId), Is.EquivalentTo(new[] { skus[0].Id, skus[1].Id }));
            Assert.That(await Shop.OrderPaidEventsAsync(orderId), Is.EqualTo(1));
            Assert.That(await Shop.AvailableAsync(skus[0].Id), Is.EqualTo(before.Item1 - 2), "sold, not returned");
            Assert.That(await Shop.AvailableAsync(skus[1].Id), Is.EqualTo(before.Item2 - 1));
        });
        using var merchant = await Shop.MerchantAsync();
        var sellerView = (await merchant.Api().SellerOrders.Orders.GetAsync(request => request.QueryParameters.Status = "paid"))!;
        Assert.That(sellerView.Items!.Select(o => o.OrderId), Does.Contain(orderId));
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
