using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace SocialCommerce.Identity.Tests;

public sealed class SignUpTests : IdentityFixture
{
    private Task<long> UsersAsync() => App.ScalarAsync<long>("SELECT count(*) FROM users");

    [Test]
    public async Task SignUp_ValidRequest_CreatesShopperAndPublishesUserRegistered()
    {
        using var client = App.CreateClient();
        var response = await client.PostAsJsonAsync("/api/identity/users",
            new { phone = IdentityApp.NewPhone(), password = "Secret2026pw", nickname = "小明", inviteCode = "ABCD1234" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var userId = (await response.Content.ReadFromJsonAsync<Dictionary<string, Guid>>())!["userId"];
        Assert.Multiple(async () =>
        {
            Assert.That(await App.ScalarAsync<string>("SELECT string_agg(role, ',') FROM user_roles WHERE user_id = @userId", new { userId }),
                Is.EqualTo("shopper"));
            Assert.That(await App.ScalarAsync<string>(
                "SELECT body->>'inviteCode' FROM outbox_messages WHERE message_type LIKE '%UserRegistered%' AND body->>'userId' = @id",
                new { id = userId.ToString() }), Is.EqualTo("ABCD1234"));
            Assert.That(await App.ScalarAsync<long>("SELECT count(*) FROM users WHERE id = @userId AND phone_masked LIKE '139****%'", new { userId }),
                Is.EqualTo(1));
        });
    }

    [TestCase("install-0123456789", "install-0123456789")]
    [TestCase("bad id with spaces", "(none)")]
    public async Task SignUp_WithDeviceHeader_UserRegisteredCarriesPhonePrefixAndWellFormedDeviceId(string header, string expected)
    {
        var phone = IdentityApp.NewPhone();
        using var client = App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/identity/users")
        {
            Content = JsonContent.Create(new { phone, password = "Secret2026pw", nickname = "小红" }),
        };
        request.Headers.Add("X-Device-Id", header);

        var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), "a malformed device id is ignored, never refused");
        var id = (await response.Content.ReadFromJsonAsync<Dictionary<string, Guid>>())!["userId"].ToString();
        const string Event = "FROM outbox_messages WHERE message_type LIKE '%UserRegistered%' AND body->>'userId' = @id";
        Assert.Multiple(async () =>
        {
            Assert.That(await App.ScalarAsync<string>($"SELECT body->>'phonePrefix' {Event}", new { id }), Is.EqualTo(phone[..7]));
            Assert.That(await App.ScalarAsync<string>($"SELECT coalesce(body->>'deviceId', '(none)') {Event}", new { id }), Is.EqualTo(expected));
        });
    }

    [Test]
    public async Task SignUp_PhoneWithCountryCodeAndSpaces_NormalisedSoSecondSignUpConflicts()
    {
        var phone = IdentityApp.NewPhone();
        using var client = App.CreateClient();
        var first = await client.PostAsJsonAsync("/api/identity/users",
            new { phone = $"+86 {phone[..3]}-{phone[3..7]}-{phone[7..]}", password = "Secret2026pw", nickname = "a" });
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var before = await UsersAsync();

        var second = await client.PostAsJsonAsync("/api/identity/users", new { phone, password = "Other2026pw", nickname = "b" });

        var problem = await second.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("phone-taken"));
        Assert.That(await UsersAsync(), Is.EqualTo(before));
    }

    [TestCase("12345678901", "Secret2026pw", "nick", "phone")]
    [TestCase("1380013800", "Secret2026pw", "nick", "phone")]
    [TestCase(null, "Secret2026pw", "nick", "phone")]
    [TestCase("13800138000", "short1", "nick", "password")]
    [TestCase("13800138000", "onlyletters", "nick", "password")]
    [TestCase("13800138000", "password123", "nick", "password")]
    [TestCase("13800138000", "x13800138000", "nick", "password")]
    [TestCase("13800138000", "Secret2026pw", "", "nickname")]
    [TestCase("13800138000", "Secret2026pw", "这个昵称实在是太长了这个昵称实在是太长了这个昵称实在是太长了超过三十二", "nickname")]
    public async Task SignUp_InvalidField_Returns400NamingTheFieldAndStoresNothing(string? phone, string password, string nickname, string field)
    {
        var before = await UsersAsync();
        using var client = App.CreateClient();

        var response = await client.PostAsJsonAsync("/api/identity/users", new { phone, password, nickname });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("errors").TryGetProperty(field, out _), Is.True, problem.ToString());
        Assert.That(await UsersAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task SignUp_MalformedJson_Returns400Problem()
    {
        using var client = App.CreateClient();
        var response = await client.PostAsync("/api/identity/users", new StringContent("{\"phone\": ", Encoding.UTF8, "application/json"));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task SignUp_WrongContentType_Returns415Problem()
    {
        using var client = App.CreateClient();
        var response = await client.PostAsync("/api/identity/users", new StringContent("phone=13800138000", Encoding.UTF8, "text/plain"));
        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Test]
    public async Task SignUp_ConcurrentSamePhone_ExactlyOneAccount()
    {
        var phone = IdentityApp.NewPhone();
        using var client = App.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            client.PostAsJsonAsync("/api/identity/users", new { phone, password = "Secret2026pw", nickname = $"n{i}" })));

        Assert.Multiple(() =>
        {
            Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Created), Is.EqualTo(1));
            Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Conflict), Is.EqualTo(7));
        });
    }
}
