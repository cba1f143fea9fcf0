using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace SocialCommerce.EndToEnd.Tests;

/// <summary>Bad input at the front door: a clear problem+json answer, and nothing stored.</summary>
public sealed class BadInputTests
{
    private static Task<long> UsersAsync() => GatewayClient.CountAsync("SELECT count(*) FROM users");

    private static readonly object[] BadSignUps =
    [
        new object[] { """{"phone": "1380013""", HttpStatusCode.BadRequest },
        new object[] { "{}", HttpStatusCode.BadRequest },
        new object[] { """{"phone": "13812345678", "password": "Valid2026pw"}""", HttpStatusCode.BadRequest },
        new object[] { """{"phone": "23812345678", "password": "Valid2026pw", "nickname": "n"}""", HttpStatusCode.BadRequest },
        new object[] { """{"phone": "13812345678", "password": "abc", "nickname": "n"}""", HttpStatusCode.BadRequest },
        new object[] { """{"phone": "13812345678", "password": "Valid2026pw", "nickname": "n", "inviteCode": "../../etc"}""", HttpStatusCode.BadRequest },
        new object[] { $$"""{"phone": "13812345678", "password": "Valid2026pw", "nickname": "{{new string('长', 33)}}"}""", HttpStatusCode.BadRequest },
        new object[] { $$"""{"phone": "13812345678", "password": "{{new string('a', 200)}}1", "nickname": "n"}""", HttpStatusCode.BadRequest },
        new object[] { "[1, 2, 3]", HttpStatusCode.BadRequest },
        new object[] { """{"phone": 13812345678, "password": "Valid2026pw", "nickname": "n"}""", HttpStatusCode.BadRequest },
    ];

    [TestCaseSource(nameof(BadSignUps))]
    public async Task SignUp_BadBody_ProblemAndNothingStored(string json, HttpStatusCode expected)
    {
        var before = await UsersAsync();
        using var client = GatewayClient.Create();

        var response = await client.PostAsync("/api/identity/users", new StringContent(json, Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(expected);
        Assert.That(await UsersAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task SignUp_WrongContentType_415Problem()
    {
        using var client = GatewayClient.Create();
        var response = await client.PostAsync("/api/identity/users",
            new StringContent("phone=13812345678&password=Valid2026pw", Encoding.UTF8, "application/x-www-form-urlencoded"));
        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Test]
    public async Task SignUp_BodyOverLimit_413Problem()
    {
        var before = await UsersAsync();
        using var client = GatewayClient.Create();
        var huge = $$"""{"phone": "13812345678", "password": "Valid2026pw", "nickname": "{{new string('x', 2_000_000)}}"}""";

        var response = await client.PostAsync("/api/identity/users", new StringContent(huge, Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.That(await UsersAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task SignUp_BodyOverServiceLimitButUnderGatewayLimit_413AtTheGatewayWithTheServiceLimit()
    {
        using var client = GatewayClient.Create();
        var large = $$"""{"phone": "13812345678", "password": "Valid2026pw", "nickname": "{{new string('x', 100_000)}}"}""";

        var response = await client.PostAsync("/api/identity/users", new StringContent(large, Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("65536 bytes"), "identity's own limit, not the gateway's");
    }

    [Test]
    public async Task SignUp_ChunkedBodyOverServiceLimit_413NeverA502()
    {
        using var client = GatewayClient.Create();
        var large = Encoding.UTF8.GetBytes($$"""{"phone": "13812345678", "password": "Valid2026pw", "nickname": "{{new string('x', 100_000)}}"}""");

        // Several tries, because the 502 this guards against came from a race. No Content-Length: the limit can only
        // trip while the gateway reads the body.
        for (var i = 0; i < 5; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/identity/users") { Content = new StreamContent(new MemoryStream(large)) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.TransferEncodingChunked = true;

            using var response = await client.SendAsync(request);

            await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        }
    }

    [Test]
    public async Task UnknownRoute_404Problem()
    {
        using var client = GatewayClient.Create();
        await (await client.GetAsync("/api/nothing-here/at-all")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task PathWithEncodedNul_Bare400FromKestrelBeforeTheGatewaySeesIt()
    {
        // Kestrel refuses %00 while parsing the request line, before any middleware (dotnet/aspnetcore#4726): a 400 with
        // no problem+json body, documented in architecture.md (Errors), and no route is ever reached. Should this start
        // failing, requests with a NUL now reach the gateway, and it must answer them with a problem.
        using var client = GatewayClient.Create();

        var response = await client.GetAsync("/api/catalog/products/%00");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.Not.EqualTo("application/problem+json"));
        Assert.That(response.Headers.ConnectionClose, Is.True);
    }

    [Test]
    public async Task KnownServiceUnknownPath_WithToken_404Problem()
    {
        var phone = GatewayClient.NewPhone();
        await GatewayClient.SignUpAsync(phone);
        var tokens = await GatewayClient.SignInAsync(phone);
        using var client = GatewayClient.Create(tokens.AccessToken);

        await (await client.GetAsync("/api/identity/no-such-thing")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task MerchantApproval_ByShopper_403ProblemAndNothingChanged()
    {
        var phone = GatewayClient.NewPhone();
        await GatewayClient.SignUpAsync(phone);
        var tokens = await GatewayClient.SignInAsync(phone);
        using var client = GatewayClient.Create(tokens.AccessToken);
        var applied = await client.PostAsJsonAsync("/api/identity/merchant-applications",
            new { shopName = "自批小店", businessLicenseNo = "91330100MA2H3X4Y5P", contactName = "王五" });
        var applicationId = (await applied.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("applicationId").GetGuid();

        var approve = await client.PostAsync($"/api/identity/merchant-applications/{applicationId}/approve", null);

        await approve.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.That(await GatewayClient.CountAsync("SELECT count(*) FROM merchant_applications WHERE id = @applicationId AND status = 'pending'",
            new { applicationId }), Is.EqualTo(1));
    }
}
