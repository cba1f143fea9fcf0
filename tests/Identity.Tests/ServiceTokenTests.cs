using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.IdentityModel.JsonWebTokens;
using SocialCommerce.Contracts.Identity.V1;

namespace SocialCommerce.Identity.Tests;

/// <summary>Client credentials for the platform's services, and the directory refusing every caller it does not name.</summary>
public sealed class ServiceTokenTests : IdentityFixture
{
    [Test]
    public async Task Token_KnownServiceWithItsSecret_ShortLivedTokenNamingItForTheInternalAudience()
    {
        using var http = App.CreateClient();

        var response = await http.PostAsync("/connect/token", Form("client_credentials", "order", ServiceCallers.DevelopmentSecret("order")));

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var token = new JsonWebToken(body.GetProperty("access_token").GetString());
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body.GetProperty("token_type").GetString(), Is.EqualTo("Bearer"));
            Assert.That(body.GetProperty("expires_in").GetInt32(), Is.EqualTo(600));
            Assert.That(token.Audiences, Is.EqualTo(new[] { "socialcommerce-internal" }));
            Assert.That(token.GetClaim("client_id").Value, Is.EqualTo("order"));
            Assert.That(token.Alg, Is.EqualTo("RS256"));
            Assert.That(token.ValidTo, Is.EqualTo(DateTime.UtcNow.AddMinutes(10)).Within(TimeSpan.FromMinutes(1)));
        });
    }

    [TestCase("order", "not-the-secret")]
    [TestCase("nobody", "any-secret-at-all")]
    [TestCase("", "")]
    public async Task Token_WrongSecretOrUnknownClient_401InvalidClient(string clientId, string secret)
    {
        using var http = App.CreateClient();

        var response = await http.PostAsync("/connect/token", Form("client_credentials", clientId, secret));

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That(problem.GetProperty("error").GetString(), Is.EqualTo("invalid_client"));
    }

    [Test]
    public async Task Token_PasswordGrant_400UnsupportedGrantType()
    {
        using var http = App.CreateClient();

        var response = await http.PostAsync("/connect/token", Form("password", "order", ServiceCallers.DevelopmentSecret("order")));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("error").GetString(), Is.EqualTo("unsupported_grant_type"));
    }

    [Test]
    public async Task Token_JsonBody_400InvalidRequest()
    {
        using var http = App.CreateClient();

        var response = await http.PostAsJsonAsync("/connect/token", new { grant_type = "client_credentials", client_id = "order" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("error").GetString(), Is.EqualTo("invalid_request"));
    }

    [Test]
    public async Task Me_ServiceToken_401BecauseAServiceIsNoUser()
    {
        using var http = App.CreateClient();
        var token = await ServiceCallers.TokenAsync(http, "order");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await http.GetAsync("/api/identity/me");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task GetUser_NoToken_Unauthenticated()
    {
        Assert.That(await DirectoryStatusAsync(null), Is.EqualTo(StatusCode.Unauthenticated));
    }

    [Test]
    public async Task GetUser_UsersAccessToken_Unauthenticated()
    {
        var (_, tokens, _) = await App.SignedUpUserAsync();

        Assert.That(await DirectoryStatusAsync(tokens.AccessToken), Is.EqualTo(StatusCode.Unauthenticated));
    }

    [Test]
    public async Task GetUser_ServiceTheDirectoryDoesNotName_PermissionDenied()
    {
        using var http = App.CreateClient();

        Assert.That(await DirectoryStatusAsync(await ServiceCallers.TokenAsync(http, "order")), Is.EqualTo(StatusCode.PermissionDenied));
    }

    private async Task<StatusCode> DirectoryStatusAsync(string? bearer)
    {
        var handler = App.Server.CreateHandler();
        using var channel = GrpcChannel.ForAddress(App.Server.BaseAddress,
            new GrpcChannelOptions { HttpHandler = bearer is null ? handler : TestTokens.Bearer(bearer, handler) });
        var client = new UserDirectory.UserDirectoryClient(channel);
        var refused = Assert.ThrowsAsync<RpcException>(async () =>
            await client.GetUserAsync(new GetUserRequest { UserId = Guid.CreateVersion7().ToString() }));
        return refused!.StatusCode;
    }

    private static FormUrlEncodedContent Form(string grantType, string clientId, string secret) =>
        new(new Dictionary<string, string> { ["grant_type"] = grantType, ["client_id"] = clientId, ["client_secret"] = secret });
}
