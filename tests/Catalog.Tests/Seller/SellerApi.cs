using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace SocialCommerce.Catalog.Tests.Seller;

/// <summary>Request bodies and calls the seller tests share.</summary>
internal static class SellerApi
{
    public static object Money(long amount, string currency = "CNY") => new { amount, currency };

    public static object Sku(string colour = "红", string size = "M", long price = 1999, long listPrice = 2999, int stock = 100,
        int? lowStockThreshold = null) =>
        new { attributes = new Dictionary<string, string> { ["颜色"] = colour, ["尺码"] = size }, price = Money(price), listPrice = Money(listPrice), stock, lowStockThreshold };

    public static Dictionary<string, object?> Product(params object[] skus) => new()
    {
        ["title"] = "纯棉短袖T恤",
        ["description"] = "100% 新疆长绒棉，夏季透气。",
        ["categoryId"] = 101,
        ["images"] = new[] { "https://img.example.com/tee-1.jpg" },
        ["tags"] = new[] { "纯棉", "夏季" },
        ["skus"] = skus.Length > 0 ? skus : new[] { Sku("红", "M", price: 1999), Sku("白", "L", price: 1899) },
    };

    public static async Task<JsonElement> CreateProductAsync(this HttpClient client, Dictionary<string, object?>? product = null)
    {
        var response = await client.PostAsJsonAsync("/api/seller/products", product ?? Product());
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> GetProductAsync(this HttpClient client, Guid productId) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/seller/products/{productId}");

    public static Task<HttpResponseMessage> SubmitAsync(this HttpClient client, Guid productId) =>
        client.PostAsync($"/api/seller/products/{productId}/submit", null);

    public static Task<HttpResponseMessage> PatchSkuAsync(this HttpClient client, Guid skuId, object body) =>
        client.PatchAsJsonAsync($"/api/seller/skus/{skuId}", body);

    public static Guid ProductId(this JsonElement product) => product.GetProperty("productId").GetGuid();

    public static Guid SkuId(this JsonElement product, int index = 0) => product.GetProperty("skus")[index].GetProperty("skuId").GetGuid();

    public static string Status(this JsonElement product) => product.GetProperty("status").GetString()!;

    public static async Task WaitForBusAsync(this CatalogApp app) =>
        await app.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));

    public static Task Publish<T>(this CatalogApp app, T message, Guid? messageId = null) where T : class =>
        app.Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = messageId ?? Guid.NewGuid());

    /// <summary>How many outbox rows of an event type mention <paramref name="id"/> in their body.</summary>
    public static Task<long> OutboxCountAsync(this CatalogApp app, string eventType, Guid id) =>
        app.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_messages WHERE message_type LIKE @type AND body::text LIKE @id",
            new { type = $"%.{eventType},%", id = $"%{id}%" });

    /// <summary>
    /// Every row the shop owns (products, SKUs, price history, campaigns) and the outbox size, as one string:
    /// equal before and after a refused request means the request changed nothing.
    /// </summary>
    public static async Task<string> ShopStateAsync(this CatalogApp app, Guid shopId)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        return await connection.ExecuteScalarAsync<string>(
            """
            SELECT concat_ws(' | ',
                (SELECT string_agg(p::text, ',' ORDER BY p.id) FROM products p WHERE p.shop_id = @shopId),
                (SELECT string_agg(s::text, ',' ORDER BY s.id) FROM skus s JOIN products p ON p.id = s.product_id WHERE p.shop_id = @shopId),
                (SELECT string_agg(h::text, ',' ORDER BY h.id) FROM price_history h JOIN skus s ON s.id = h.sku_id
                    JOIN products p ON p.id = s.product_id WHERE p.shop_id = @shopId),
                (SELECT string_agg(c::text, ',' ORDER BY c.id) FROM campaigns c WHERE c.shop_id = @shopId),
                (SELECT count(*)::text FROM outbox_messages))
            """,
            new { shopId }) ?? "";
    }
}
