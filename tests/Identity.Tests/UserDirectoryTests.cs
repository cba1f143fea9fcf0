using Grpc.Core;
using Grpc.Net.Client;
using SocialCommerce.Contracts.Identity.V1;

namespace SocialCommerce.Identity.Tests;

public sealed class UserDirectoryTests : IdentityFixture
{
    private UserDirectory.UserDirectoryClient client = null!;
    private GrpcChannel channel = null!;

    // The directory answers the social service only; its token comes from identity's own /connect/token.
    [OneTimeSetUp]
    public async Task OpenChannel()
    {
        using var http = App.CreateClient();
        var token = await ServiceCallers.TokenAsync(http, "social");
        channel = GrpcChannel.ForAddress(App.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = TestTokens.Bearer(token, App.Server.CreateHandler()) });
        client = new UserDirectory.UserDirectoryClient(channel);
    }

    [OneTimeTearDown]
    public void CloseChannel() => channel.Dispose();

    [Test]
    public async Task GetUser_KnownId_ReturnsNicknameAndRolesButNoPhone()
    {
        var (userId, _, _) = await App.SignedUpUserAsync();

        var user = await client.GetUserAsync(new GetUserRequest { UserId = userId.ToString() });

        Assert.Multiple(() =>
        {
            Assert.That(user.Nickname, Is.EqualTo("测试用户"));
            Assert.That(user.Roles, Is.EqualTo(new[] { "shopper" }));
            Assert.That(user.Erased, Is.False);
        });
    }

    [Test]
    public void GetUser_UnknownOrMalformedId_NotFoundOrInvalidArgument()
    {
        var unknown = Assert.ThrowsAsync<RpcException>(async () => await client.GetUserAsync(new GetUserRequest { UserId = Guid.NewGuid().ToString() }));
        var malformed = Assert.ThrowsAsync<RpcException>(async () => await client.GetUserAsync(new GetUserRequest { UserId = "nope" }));
        Assert.Multiple(() =>
        {
            Assert.That(unknown!.StatusCode, Is.EqualTo(StatusCode.NotFound));
            Assert.That(malformed!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        });
    }

    [Test]
    public async Task GetUsers_MixOfKnownAndUnknown_ReturnsOnlyKnown()
    {
        var (first, _, _) = await App.SignedUpUserAsync();
        var (second, _, _) = await App.SignedUpUserAsync();
        var request = new GetUsersRequest();
        request.UserIds.AddRange([first.ToString(), second.ToString(), Guid.NewGuid().ToString()]);

        var response = await client.GetUsersAsync(request);

        Assert.That(response.Users.Select(u => Guid.Parse(u.UserId)), Is.EquivalentTo(new[] { first, second }));
    }
}
