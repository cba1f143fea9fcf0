using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static SocialCommerce.EndToEnd.Tests.Social.SocialClient;

namespace SocialCommerce.EndToEnd.Tests.Social;

/// <summary>
/// Interest groups (圈子) through the gateway: moderated before anyone else sees them, joined and left with exact counts,
/// members' posts on the group's page, the owner taking a post out, and bad input answered with problems that change nothing.
/// Raw JSON, not the generated client: these operations are newer than the stored API documents.
/// </summary>
public sealed class GroupTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static string NewName(string prefix) => prefix + Random.Shared.Next(100_000, 999_999);

    [Test]
    public async Task Group_CreatedModeratedJoinedLeft_CountsExactAndOwnerStays()
    {
        var (owner, ownerId) = await NewPersonAsync("圈主");
        var (member, _) = await NewPersonAsync("圈友");
        using var anonymous = GatewayClient.Create();
        var name = NewName("喝茶的人");

        var created = await owner.PostAsJsonAsync("/api/social/groups", new { name, description = "聊聊每天喝的茶" });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var accepted = await created.Content.ReadFromJsonAsync<JsonElement>();
        var groupId = accepted.GetProperty("groupId").GetGuid();
        Assert.That(accepted.GetProperty("status").GetString(), Is.EqualTo("pending"));
        var published = (await WaitForGroupAsync(anonymous, groupId, group => group?.GetProperty("status").GetString() == "published"))!.Value;
        var listed = await anonymous.GetFromJsonAsync<JsonElement>("/api/social/groups?limit=50");

        Assert.Multiple(() =>
        {
            Assert.That(published.GetProperty("name").GetString(), Is.EqualTo(name));
            Assert.That(published.GetProperty("owner").GetProperty("userId").GetGuid(), Is.EqualTo(ownerId));
            Assert.That(published.GetProperty("owner").GetProperty("nickname").GetString(), Is.EqualTo("圈主"));
            Assert.That(published.GetProperty("members").GetInt64(), Is.EqualTo(1));
            Assert.That(published.GetProperty("posts").GetInt64(), Is.Zero);
            Assert.That(published.GetProperty("joinedByMe").ValueKind, Is.EqualTo(JsonValueKind.Null), "unknown for anonymous readers");
            Assert.That(Ids(listed), Does.Contain(groupId));
        });

        var path = $"/api/social/groups/{groupId}/membership";
        Assert.That((await member.PutAsync(path, null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var twice = await (await member.PutAsync(path, null)).AssertProblemAsync(HttpStatusCode.Conflict);
        var asMember = await member.GetFromJsonAsync<JsonElement>($"/api/social/groups/{groupId}");
        var mine = await member.GetFromJsonAsync<JsonElement>("/api/social/groups?mine=true");
        var ownerLeaves = await (await owner.DeleteAsync(path)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.That((await member.DeleteAsync(path)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await (await member.DeleteAsync(path)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await anonymous.GetAsync("/api/social/groups?mine=true")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var after = await owner.GetFromJsonAsync<JsonElement>($"/api/social/groups/{groupId}");
        var export = await owner.GetFromJsonAsync<JsonElement>("/api/social/me/export");

        Assert.Multiple(() =>
        {
            Assert.That(twice.GetProperty("code").GetString(), Is.EqualTo("already-member"));
            Assert.That(asMember.GetProperty("members").GetInt64(), Is.EqualTo(2));
            Assert.That(asMember.GetProperty("joinedByMe").GetBoolean(), Is.True);
            Assert.That(Ids(mine), Is.EqualTo(new[] { groupId }));
            Assert.That(ownerLeaves.GetProperty("code").GetString(), Is.EqualTo("owner-cannot-leave"));
            Assert.That(after.GetProperty("members").GetInt64(), Is.EqualTo(1));
            Assert.That(after.GetProperty("joinedByMe").GetBoolean(), Is.True);
            Assert.That(export.GetProperty("groupsOwned")[0].GetProperty("name").GetString(), Is.EqualTo(name));
            Assert.That(export.GetProperty("groupMemberships").GetArrayLength(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Group_BlockedTermInName_RejectedWithReasonsForItsOwnerOnly()
    {
        var (owner, _) = await NewPersonAsync("起名的人");
        var (other, _) = await NewPersonAsync("旁观者");
        using var anonymous = GatewayClient.Create();

        var groupId = await CreateAsync(owner, NewName("网赌交流"), "");
        var rejected = (await WaitForGroupAsync(owner, groupId, group => group?.GetProperty("status").GetString() == "rejected"))!.Value;
        var mine = await owner.GetFromJsonAsync<JsonElement>("/api/social/groups?mine=true");
        var listed = await anonymous.GetFromJsonAsync<JsonElement>("/api/social/groups?limit=50");

        Assert.Multiple(async () =>
        {
            Assert.That(rejected.GetProperty("moderationReasons").EnumerateArray().Select(reason => reason.GetString()), Has.Some.Contains("gambling"));
            Assert.That(mine.GetProperty("items")[0].GetProperty("status").GetString(), Is.EqualTo("rejected"));
            Assert.That(Ids(listed), Does.Not.Contain(groupId));
            await (await other.GetAsync($"/api/social/groups/{groupId}")).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await anonymous.GetAsync($"/api/social/groups/{groupId}")).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await other.PutAsync($"/api/social/groups/{groupId}/membership", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        });
    }

    [Test]
    public async Task Join_TwentyPeopleAtOnce_MemberCountExact()
    {
        var (owner, _) = await NewPersonAsync("热门圈主");
        var groupId = await CreatePublishedAsync(owner, NewName("跑步的人"));
        var people = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => NewPersonAsync($"跑友{i}")));

        var answers = await Task.WhenAll(people.Select(person => person.Client.PutAsync($"/api/social/groups/{groupId}/membership", null)));
        var group = await owner.GetFromJsonAsync<JsonElement>($"/api/social/groups/{groupId}");

        Assert.Multiple(async () =>
        {
            Assert.That(answers.Select(answer => answer.StatusCode), Is.All.EqualTo(HttpStatusCode.NoContent));
            Assert.That(group.GetProperty("members").GetInt64(), Is.EqualTo(21));
            Assert.That(await SocialScalarAsync<long>("SELECT count(*) FROM group_members WHERE group_id = @groupId", new { groupId }), Is.EqualTo(21));
        });
    }

    [Test]
    public async Task GroupPosts_MemberPostsStrangerRefusedOwnerTakesItOut()
    {
        var (owner, _) = await NewPersonAsync("茶圈圈主");
        var (member, memberId) = await NewPersonAsync("茶圈成员");
        var (stranger, strangerId) = await NewPersonAsync("圈外人");
        var groupId = await CreatePublishedAsync(owner, NewName("白茶爱好者"));
        Assert.That((await member.PutAsync($"/api/social/groups/{groupId}/membership", null)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        var written = await member.PostAsJsonAsync("/api/social/posts", new { text = "今年的白牡丹，毫香很足。", groupId });
        Assert.That(written.StatusCode, Is.EqualTo(HttpStatusCode.Created), await written.Content.ReadAsStringAsync());
        var postId = (await written.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("postId").GetGuid();
        await (await stranger.PostAsJsonAsync("/api/social/posts", new { text = "我也来", groupId })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await stranger.PostAsJsonAsync("/api/social/posts", new { text = "走错了", groupId = Guid.CreateVersion7() }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        var page = await Eventually.WaitForAsync(() => GroupPostIdsAsync(stranger, groupId), ids => ids.Contains(postId), Patience);
        var counted = await stranger.GetFromJsonAsync<JsonElement>($"/api/social/groups/{groupId}");

        Assert.Multiple(async () =>
        {
            Assert.That(page, Is.EqualTo(new[] { postId }));
            Assert.That(counted.GetProperty("posts").GetInt64(), Is.EqualTo(1));
            Assert.That(await SocialScalarAsync<long>("SELECT count(*) FROM posts WHERE author_id = @strangerId", new { strangerId }), Is.Zero);
        });

        await (await member.DeleteAsync($"/api/social/groups/{groupId}/posts/{postId}")).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.That((await owner.DeleteAsync($"/api/social/groups/{groupId}/posts/{postId}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var onProfile = await stranger.GetFromJsonAsync<JsonElement>($"/api/social/users/{memberId}/posts");

        Assert.Multiple(async () =>
        {
            Assert.That(await GroupPostIdsAsync(stranger, groupId), Is.Empty);
            Assert.That((await stranger.GetFromJsonAsync<JsonElement>($"/api/social/groups/{groupId}")).GetProperty("posts").GetInt64(), Is.Zero);
            Assert.That(Ids(onProfile, "postId"), Does.Contain(postId), "the post stays on its author's profile");
        });
    }

    [Test]
    public async Task CreateJoinRead_BadInputOrUnknownGroup_ProblemsNothingWritten()
    {
        var (person, personId) = await NewPersonAsync("乱建圈的人");
        var taken = await CreateAsync(person, NewName("Tea Club "), "");
        var takenName = (await person.GetFromJsonAsync<JsonElement>($"/api/social/groups/{taken}")).GetProperty("name").GetString()!;
        var bodies = new (object Body, string Field)[]
        {
            (new { name = "   ", description = "空名字" }, "name"),
            (new { name = new string('长', 21) }, "name"),
            (new { name = NewName("介绍太长"), description = new string('长', 201) }, "description"),
        };

        foreach (var (body, field) in bodies)
        {
            var problem = await (await person.PostAsJsonAsync("/api/social/groups", body)).AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.That(problem.GetProperty("errors").TryGetProperty(field, out _), Is.True, problem.ToString());
        }

        var nameTaken = await (await person.PostAsJsonAsync("/api/social/groups", new { name = takenName.ToUpperInvariant() }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        var unknown = Guid.CreateVersion7();
        await (await person.GetAsync($"/api/social/groups/{unknown}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await person.GetAsync($"/api/social/groups/{unknown}/posts")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await person.PutAsync($"/api/social/groups/{unknown}/membership", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await person.DeleteAsync($"/api/social/groups/{unknown}/membership")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await person.GetAsync("/api/social/groups?cursor=not-a-cursor")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await GatewayClient.Create().PostAsJsonAsync("/api/social/groups", new { name = NewName("匿名") }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Multiple(async () =>
        {
            Assert.That(nameTaken.GetProperty("code").GetString(), Is.EqualTo("name-taken"));
            Assert.That(await SocialScalarAsync<long>("SELECT count(*) FROM groups WHERE owner_id = @personId", new { personId }), Is.EqualTo(1));
            Assert.That(await SocialScalarAsync<long>("SELECT count(*) FROM group_members WHERE user_id = @personId", new { personId }), Is.EqualTo(1));
        });
    }

    private static async Task<Guid> CreateAsync(HttpClient owner, string name, string description)
    {
        var created = await owner.PostAsJsonAsync("/api/social/groups", new { name, description });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("groupId").GetGuid();
    }

    private static async Task<Guid> CreatePublishedAsync(HttpClient owner, string name)
    {
        var groupId = await CreateAsync(owner, name, "");
        var group = await WaitForGroupAsync(owner, groupId, found => found?.GetProperty("status").GetString() == "published");
        Assert.That(group?.GetProperty("status").GetString(), Is.EqualTo("published"), group?.ToString());
        return groupId;
    }

    /// <summary>The group as the reader sees it once <paramref name="done"/> holds; null while it is 404 to them.</summary>
    private static Task<JsonElement?> WaitForGroupAsync(HttpClient reader, Guid groupId, Func<JsonElement?, bool> done) =>
        Eventually.WaitForAsync(async () =>
        {
            var response = await reader.GetAsync($"/api/social/groups/{groupId}");
            return response.StatusCode == HttpStatusCode.NotFound ? null : (JsonElement?)await response.Content.ReadFromJsonAsync<JsonElement>();
        }, done, Patience);

    private static async Task<List<Guid>> GroupPostIdsAsync(HttpClient reader, Guid groupId) =>
        Ids(await reader.GetFromJsonAsync<JsonElement>($"/api/social/groups/{groupId}/posts"), "postId");

    private static List<Guid> Ids(JsonElement page, string property = "groupId") =>
        page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty(property).GetGuid()).ToList();
}
