using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace SocialCommerce.EndToEnd.Tests.Social;

/// <summary>People, posts and feeds as the social journeys need them, all through the gateway.</summary>
public static class SocialClient
{
    public static async Task<(HttpClient Client, Guid UserId)> NewPersonAsync(string nickname)
    {
        var phone = GatewayClient.NewPhone();
        var userId = await GatewayClient.SignUpAsync(phone, nickname: nickname);
        return (GatewayClient.Create((await GatewayClient.SignInAsync(phone)).AccessToken), userId);
    }

    /// <summary>A listed demo product: id and title as the catalog's browse API shows it.</summary>
    public static async Task<(Guid ProductId, string Title)> ListedProductAsync(int index = 0)
    {
        using var anonymous = GatewayClient.Create();
        var page = await anonymous.GetFromJsonAsync<JsonElement>("/api/catalog/products?limit=20");
        var product = page.GetProperty("items")[index];
        return (product.GetProperty("productId").GetGuid(), product.GetProperty("title").GetString()!);
    }

    public static async Task<Guid> PostAsync(HttpClient author, string text, params Guid[] productIds)
    {
        var response = await author.PostAsJsonAsync("/api/social/posts", new { text, imageUrls = new[] { "https://img.example.com/a.jpg" }, productIds });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("pending"));
        return body.GetProperty("postId").GetGuid();
    }

    public static Task<JsonElement> WaitForPostAsync(HttpClient reader, Guid postId, Func<JsonElement, bool> done) =>
        Eventually.WaitForAsync(async () =>
        {
            var response = await reader.GetAsync($"/api/social/posts/{postId}");
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
        }, post => post.ValueKind == JsonValueKind.Object && done(post), TimeSpan.FromSeconds(30));

    public static async Task<List<Guid>> FeedAsync(HttpClient reader)
    {
        var feed = await reader.GetFromJsonAsync<JsonElement>("/api/social/feed?limit=50");
        return feed.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("postId").GetGuid()).ToList();
    }

    public static async Task<JsonElement> FeedItemsAsync(HttpClient reader) =>
        (await reader.GetFromJsonAsync<JsonElement>("/api/social/feed?limit=50")).GetProperty("items");

    public static async Task<T> SocialScalarAsync<T>(string sql, object? args = null)
    {
        await using var connection = new NpgsqlConnection(Platform.Instance.SocialDatabase);
        return (await connection.ExecuteScalarAsync<T>(sql, args))!;
    }
}
