using System.Net;
using Dapper;
using Npgsql;
using SocialCommerce.ApiClient.Social.Models;

namespace SocialCommerce.EndToEnd.Tests.Social;

/// <summary>People, posts and feeds as the social journeys need them, all through the gateway and the generated client.</summary>
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
        var page = await anonymous.Api().Catalog.Products.GetAsync(request => request.QueryParameters.Limit = "20");
        var product = page!.Items![index];
        return (product.ProductId!.Value, product.Title!);
    }

    public static async Task<Guid> PostAsync(HttpClient author, string text, params Guid[] productIds)
    {
        var accepted = await author.Api().Social.Posts.PostAsync(
            new PostRequest { Text = text, ImageUrls = ["https://img.example.com/a.jpg"], ProductIds = [.. productIds.Select(id => (Guid?)id)] });
        Assert.That(accepted!.Status, Is.EqualTo("pending"));
        return accepted.PostId!.Value;
    }

    /// <summary>The post as the reader sees it once <paramref name="done"/> holds; a post the reader may not see yet is 404.</summary>
    public static Task<PostView?> WaitForPostAsync(HttpClient reader, Guid postId, Func<PostView, bool> done) =>
        Eventually.WaitForAsync(() => FindPostAsync(reader, postId), post => post is not null && done(post), TimeSpan.FromSeconds(30));

    public static async Task<PostView?> FindPostAsync(HttpClient reader, Guid postId)
    {
        try
        {
            return await reader.Api().Social.Posts[postId].GetAsync();
        }
        catch (Problem problem) when (problem.ResponseStatusCode == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public static async Task<List<Guid>> FeedAsync(HttpClient reader) =>
        (await FeedItemsAsync(reader)).Select(item => item.PostId!.Value).ToList();

    public static async Task<List<PostView>> FeedItemsAsync(HttpClient reader) =>
        (await reader.Api().Social.Feed.GetAsync(request => request.QueryParameters.Limit = 50))!.Items!;

    public static async Task<T> SocialScalarAsync<T>(string sql, object? args = null)
    {
        await using var connection = new NpgsqlConnection(Platform.Instance.SocialDatabase);
        return (await connection.ExecuteScalarAsync<T>(sql, args))!;
    }
}
