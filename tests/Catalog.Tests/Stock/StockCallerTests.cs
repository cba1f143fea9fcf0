using Grpc.Core;
using SocialCommerce.Contracts.Catalog.V1;

namespace SocialCommerce.Catalog.Tests.Stock;

/// <summary>Stock moves only for order: any other caller is refused before anything is reserved.</summary>
public sealed class StockCallerTests : StockFixture
{
    [Test]
    public async Task Reserve_NoToken_UnauthenticatedAndNothingReserved()
    {
        await AssertRefusedAsync(ClientWith(null), StatusCode.Unauthenticated);
    }

    [Test]
    public async Task Reserve_UsersAccessToken_UnauthenticatedAndNothingReserved()
    {
        await AssertRefusedAsync(ClientWith(App.Tokens.For(Guid.CreateVersion7(), "merchant", "admin")), StatusCode.Unauthenticated);
    }

    [Test]
    public async Task Reserve_AnotherServicesToken_PermissionDeniedAndNothingReserved()
    {
        await AssertRefusedAsync(ClientWith(App.Tokens.ForService("referral-commission")), StatusCode.PermissionDenied);
    }

    [Test]
    public async Task Reserve_TokenSignedByAnUnknownKey_UnauthenticatedAndNothingReserved()
    {
        await AssertRefusedAsync(ClientWith(new TestTokens().ForService("order")), StatusCode.Unauthenticated);
    }

    [Test]
    public void GetCampaign_NoToken_Unauthenticated()
    {
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(App.Server.BaseAddress,
            new Grpc.Net.Client.GrpcChannelOptions { HttpHandler = App.Server.CreateHandler() });
        var campaigns = new Campaigns.CampaignsClient(channel);

        var refused = Assert.ThrowsAsync<RpcException>(async () =>
            await campaigns.GetCampaignAsync(new GetCampaignRequest { CampaignId = Guid.CreateVersion7().ToString() }));

        Assert.That(refused!.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
    }

    private async Task AssertRefusedAsync(Contracts.Catalog.V1.Stock.StockClient client, StatusCode expected)
    {
        var skuId = await App.NewSkuAsync(available: 10);
        var orderId = Guid.CreateVersion7();

        var refused = Assert.ThrowsAsync<RpcException>(async () => await client.ReserveAsync(ReserveRequest(orderId, (skuId, 3))));

        Assert.Multiple(async () =>
        {
            Assert.That(refused!.StatusCode, Is.EqualTo(expected));
            Assert.That(await App.LevelsAsync(skuId), Is.EqualTo(new SkuLevels(10, 0, 0)));
            Assert.That(await CountAsync("SELECT count(*) FROM stock_reservations WHERE order_id = @orderId", new { orderId }), Is.Zero);
        });
    }
}
