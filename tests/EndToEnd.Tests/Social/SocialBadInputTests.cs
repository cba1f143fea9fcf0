using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static SocialCommerce.EndToEnd.Tests.Social.SocialClient;

namespace SocialCommerce.EndToEnd.Tests.Social;

/// <summary>Bad input to the social API through the gateway: a problem+json answer, and nothing changed.</summary>
public sealed class SocialBadInputTests
{
    private static async Task<long> PostsByAsync(Guid userId) =>
        await SocialScalarAsync<long>("SELECT count(*) FROM posts WHERE author_id = @userId", new { userId });

    [Test]
    public async Task CreatePost_BadBodies_400WithFieldErrorsNothingWritten()
    {
        var (author, authorId) = await NewPersonAsync("乱发帖的人");
        var (listed, _) = await ListedProductAsync(1);
        var bodies = new (object Body, string Field)[]
        {
            (new { text = "   ", productIds = Array.Empty<Guid>() }, "text"),
            (new { text = new string('长', 2001) }, "text"),
            (new { text = "十张图", imageUrls = Enumerable.Repeat("https://img.example.com/x.jpg", 10) }, "imageUrls"),
            (new { text = "坏链接", imageUrls = new[] { "javascript:alert(1)" } }, "imageUrls"),
            (new { text = "太多商品", productIds = Enumerable.Range(0, 10).Select(_ => Guid.CreateVersion7()).Append(listed) }, "productIds"),
            (new { text = "不存在的商品", productIds = new[] { Guid.CreateVersion7() } }, "productIds"),
        };

        foreach (var (body, field) in bodies)
        {
            var problem = await (await author.PostAsJsonAsync("/api/social/posts", body)).AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.That(problem.GetProperty("errors").TryGetProperty(field, out _), Is.True, problem.ToString());
        }

        Assert.That(await PostsByAsync(authorId), Is.Zero);
    }

    [Test]
    public async Task CheckIn_TwiceOnOneDayOrAnonymous_409And401OneCheckInKept()
    {
        var (person, personId) = await NewPersonAsync("签到的人");
        using var anonymous = GatewayClient.Create();

        var first = await person.PostAsync("/api/social/me/check-ins", null);
        var again = await (await person.PostAsync("/api/social/me/check-ins", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await anonymous.PostAsync("/api/social/me/check-ins", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var history = await person.GetFromJsonAsync<JsonElement>("/api/social/me/check-ins");

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created), await first.Content.ReadAsStringAsync());
        Assert.That((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("streak").GetInt32(), Is.EqualTo(1));
        Assert.That(again.GetProperty("code").GetString(), Is.EqualTo("already-checked-in"));
        Assert.That(history.GetProperty("checkedInToday").GetBoolean(), Is.True);
        Assert.That(await SocialScalarAsync<long>("SELECT count(*) FROM check_ins WHERE user_id = @personId", new { personId }), Is.EqualTo(1));
    }

    [Test]
    public async Task Follow_YourselfOrAnUnknownUser_400And404NothingCounted()
    {
        var (person, personId) = await NewPersonAsync("自恋的人");

        await (await person.PutAsync($"/api/social/users/{personId}/follow", null)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await person.PutAsync($"/api/social/users/{Guid.CreateVersion7()}/follow", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await GatewayClient.Create().PutAsync($"/api/social/users/{personId}/follow", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.That(await SocialScalarAsync<long>("SELECT count(*) FROM follows WHERE follower_id = @personId", new { personId }), Is.Zero);
    }

    [Test]
    public async Task LikeCommentEditDelete_WrongPostOrWrongPerson_ProblemsNothingChanged()
    {
        var (author, _) = await NewPersonAsync("原作者");
        var (stranger, _) = await NewPersonAsync("路人");
        var postId = await PostAsync(author, "已发布的帖子");
        await WaitForPostAsync(stranger, postId, post => post.Status == "published");

        // Unpublished posts refusing likes and comments are pinned in Social.Tests: moderation passes a clean post too fast here.
        var likeUnknown = await stranger.PutAsync($"/api/social/posts/{Guid.CreateVersion7()}/like", null);
        var editByStranger = await stranger.PutAsJsonAsync($"/api/social/posts/{postId}", new { text = "改成我的" });
        var deleteByStranger = await stranger.DeleteAsync($"/api/social/posts/{postId}");
        var emptyComment = await stranger.PostAsJsonAsync($"/api/social/posts/{postId}/comments", new { text = "" });
        var replyToUnknown = await stranger.PostAsJsonAsync($"/api/social/posts/{postId}/comments", new { text = "回复", replyTo = Guid.CreateVersion7() });
        var badCursor = await stranger.GetAsync("/api/social/feed?cursor=not-a-cursor");
        var badLimit = await stranger.GetAsync($"/api/social/users/{Guid.CreateVersion7()}/posts?limit=500");

        await likeUnknown.AssertProblemAsync(HttpStatusCode.NotFound);
        await editByStranger.AssertProblemAsync(HttpStatusCode.Forbidden);
        await deleteByStranger.AssertProblemAsync(HttpStatusCode.Forbidden);
        await emptyComment.AssertProblemAsync(HttpStatusCode.BadRequest);
        await replyToUnknown.AssertProblemAsync(HttpStatusCode.BadRequest);
        await badCursor.AssertProblemAsync(HttpStatusCode.BadRequest);
        await badLimit.AssertProblemAsync(HttpStatusCode.BadRequest);
        var after = await stranger.GetFromJsonAsync<JsonElement>($"/api/social/posts/{postId}");
        Assert.Multiple(() =>
        {
            Assert.That(after.GetProperty("text").GetString(), Is.EqualTo("已发布的帖子"));
            Assert.That(after.GetProperty("likes").GetInt64(), Is.Zero);
            Assert.That(after.GetProperty("comments").GetInt64(), Is.Zero);
        });
    }
}
