using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialCommerce.EndToEnd.Tests.Orders;

/// <summary>Bad checkouts and carts get a clear problem+json answer and change nothing.</summary>
public sealed class OrderBadInputTests
{
    private static readonly object GoodAddress = Shop.Address;

    public static IEnumerable<TestCaseData> InvalidBodies()
    {
        var sku = Guid.Parse("0190a002-0000-7000-8000-000000000000");
        yield return new TestCaseData(new { lines = Array.Empty<object>(), shippingAddress = GoodAddress }, "lines").SetName("Checkout_EmptyLines_400");
        yield return new TestCaseData(new { lines = new[] { new { skuId = sku, quantity = 0 } }, shippingAddress = GoodAddress }, "lines[0].quantity")
            .SetName("Checkout_QuantityZero_400");
        yield return new TestCaseData(new { lines = new[] { new { skuId = sku, quantity = 100 } }, shippingAddress = GoodAddress }, "lines[0].quantity")
            .SetName("Checkout_QuantityAboveLineLimit_400");
        yield return new TestCaseData(new { lines = new[] { new { skuId = sku, quantity = 1 }, new { skuId = sku, quantity = 2 } }, shippingAddress = GoodAddress }, "lines")
            .SetName("Checkout_SameSkuTwice_400");
        yield return new TestCaseData(new { lines = new[] { new { skuId = sku, quantity = 1 } } }, "shippingAddress").SetName("Checkout_NoAddress_400");
        yield return new TestCaseData(new { lines = new object?[] { null }, shippingAddress = GoodAddress }, "lines[0]").SetName("Checkout_NullLine_400");
        yield return new TestCaseData(new { lines = new[] { new { skuId = sku, quantity = 1 } }, shippingAddress = new { name = "小红", phone = "12345", region = "", line1 = "x" } },
            "shippingAddress.phone").SetName("Checkout_BadPhoneAndMissingRegion_400");
    }

    [TestCaseSource(nameof(InvalidBodies))]
    public async Task Checkout_InvalidBody_400NamingTheFieldAndNoOrder(object body, string field)
    {
        using var shopper = await Shop.NewShopperAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/order/orders") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());

        var problem = await (await shopper.SendAsync(request)).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.That(problem.GetProperty("errors").TryGetProperty(field, out _), Is.True, problem.ToString());
        Assert.That((await shopper.GetFromJsonAsync<JsonElement>("/api/order/orders")).GetProperty("items").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task Checkout_TwoNullLines_400NamingEachAndNotCalledDuplicates()
    {
        using var shopper = await Shop.NewShopperAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/order/orders")
        {
            Content = JsonContent.Create(new { lines = new object?[] { null, null }, shippingAddress = GoodAddress }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());

        var errors = (await (await shopper.SendAsync(request)).AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors");

        Assert.That(errors.EnumerateObject().Select(error => error.Name), Is.EquivalentTo(new[] { "lines[0]", "lines[1]" }), errors.ToString());
    }

    [Test]
    public async Task Checkout_WithoutIdempotencyKey_400()
    {
        using var shopper = await Shop.NewShopperAsync();
        var response = await shopper.PostAsJsonAsync("/api/order/orders",
            new { lines = new[] { new { skuId = Guid.CreateVersion7(), quantity = 1 } }, shippingAddress = GoodAddress });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _), Is.True);
    }

    [Test]
    public async Task Checkout_UnknownSku_409Unavailable()
    {
        using var shopper = await Shop.NewShopperAsync();
        var unknown = Guid.CreateVersion7();

        var problem = await (await Shop.CheckoutAsync(shopper, Guid.NewGuid().ToString(), (unknown, 1))).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("unavailable"));
        Assert.That(problem.GetProperty("skuIds")[0].GetGuid(), Is.EqualTo(unknown));
    }

    [Test]
    public async Task Checkout_SkusOfTwoShops_400SeveralShops()
    {
        using var shopper = await Shop.NewShopperAsync();
        var ours = (await Shop.TakeSkusAsync(1))[0];
        await using var connection = new Npgsql.NpgsqlConnection(Platform.Instance.CatalogDatabase);
        var theirs = await Dapper.SqlMapper.ExecuteScalarAsync<Guid>(connection,
            """
            SELECT s.id FROM skus s JOIN products p ON p.id = s.product_id JOIN shops h ON h.id = p.shop_id
            WHERE p.status = 'listed' AND h.merchant_id <> '0190a000-0000-7000-8000-000000000003' AND s.available > 0 LIMIT 1
            """);

        var problem = await (await Shop.CheckoutAsync(shopper, Guid.NewGuid().ToString(), (ours.Id, 1), (theirs, 1))).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("several-shops"));
    }

    [Test]
    public async Task Orders_SomeoneElses_404_Anonymous_401()
    {
        var skus = await Shop.TakeSkusAsync(1);
        using var owner = await Shop.NewShopperAsync();
        using var stranger = await Shop.NewShopperAsync();
        using var anonymous = GatewayClient.Create();
        var placed = await Shop.PlaceAsync(owner, (skus[0].Id, 1));

        await (await stranger.GetAsync($"/api/order/orders/{placed.OrderId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.PostAsync($"/api/order/orders/{placed.OrderId}/cancel", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await anonymous.GetAsync("/api/order/orders")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.GetAsync("/api/order/cart")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That((await Shop.OrderAsync(owner, placed.OrderId)).GetProperty("status").GetString(), Is.EqualTo("awaiting-payment"));
    }

    [Test]
    public async Task Cart_InvalidLines_400AndCartUnchanged()
    {
        using var shopper = await Shop.NewShopperAsync();
        var sku = Guid.CreateVersion7();
        await shopper.PutAsJsonAsync("/api/order/cart", new { lines = new[] { new { skuId = sku, quantity = 2 } } });

        var response = await shopper.PutAsJsonAsync("/api/order/cart", new { lines = new[] { new { skuId = sku, quantity = -1 } } });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var cart = await shopper.GetFromJsonAsync<JsonElement>("/api/order/cart");
        Assert.That(cart.GetProperty("lines")[0].GetProperty("quantity").GetInt32(), Is.EqualTo(2));
    }

    [Test]
    public async Task CartAndRefundRequest_NullLine_400()
    {
        using var shopper = await Shop.NewShopperAsync();
        var nullLine = new { lines = new object?[] { null } };

        var cart = await shopper.PutAsJsonAsync("/api/order/cart", nullLine);
        var refund = await shopper.PostAsJsonAsync($"/api/order/orders/{Guid.CreateVersion7()}/refund-requests", nullLine);

        foreach (var response in new[] { cart, refund })
        {
            var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.That(problem.GetProperty("errors").TryGetProperty("lines[0]", out _), Is.True, problem.ToString());
        }
    }

    [Test]
    public async Task Checkout_PriceFromBeforeTheBound_400BeforeAnythingIsReserved()
    {
        // Catalog now refuses prices above Money.MaxAmount; a row priced before that bound must not wrap a total.
        var sku = (await Shop.TakeSkusAsync(1))[0];
        await using var catalog = new Npgsql.NpgsqlConnection(Platform.Instance.CatalogDatabase);
        var listPrice = await Dapper.SqlMapper.ExecuteScalarAsync<long>(catalog, "SELECT list_price FROM skus WHERE id = @Id", new { sku.Id });
        await Dapper.SqlMapper.ExecuteAsync(catalog, "UPDATE skus SET list_price = 5000000000000000000, price = 5000000000000000000 WHERE id = @Id", new { sku.Id });
        var reservedBefore = await Dapper.SqlMapper.ExecuteScalarAsync<long>(catalog, "SELECT reserved FROM skus WHERE id = @Id", new { sku.Id });
        using var shopper = await Shop.NewShopperAsync();

        HttpResponseMessage response;
        try
        {
            response = await Shop.CheckoutAsync(shopper, Guid.NewGuid().ToString(), (sku.Id, 2));
        }
        finally
        {
            await Dapper.SqlMapper.ExecuteAsync(catalog, "UPDATE skus SET price = @Price, list_price = @listPrice WHERE id = @Id", new { sku.Price, listPrice, sku.Id });
        }

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Multiple(async () =>
        {
            Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("price-out-of-range"));
            Assert.That(await Dapper.SqlMapper.ExecuteScalarAsync<long>(catalog, "SELECT reserved FROM skus WHERE id = @Id", new { sku.Id }),
                Is.EqualTo(reservedBefore));
            Assert.That((await shopper.GetFromJsonAsync<JsonElement>("/api/order/orders")).GetProperty("items").GetArrayLength(), Is.Zero);
        });
    }
}
