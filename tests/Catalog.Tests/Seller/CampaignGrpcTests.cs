using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using SocialCommerce.Contracts.Catalog.V1;
using CampaignsClient = SocialCommerce.Contracts.Catalog.V1.Campaigns.CampaignsClient;

namespace SocialCommerce.Catalog.Tests.Seller;

/// <summary>campaigns.proto: order reads a campaign as the merchant defined it.</summary>
public sealed class CampaignGrpcTests : CatalogFixture
{
    protected override Dictionary<string, string> Settings => new() { ["Catalog:AutoApproveListings"] = "true" };

    [Test]
    public async Task GetCampaign_GroupBuy_AsDefinedWithMerchantAndTitle_UnknownNotFound()
    {
        var (merchantId, _, client) = await App.NewMerchantAsync();
        var product = await client.CreateProductAsync();
        Assert.That((await client.SubmitAsync(product.ProductId())).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var startsAt = DateTimeOffset.UtcNow.AddDays(1);
        var created = await client.PostAsJsonAsync("/api/seller/campaigns", new
        {
            type = "group-buy", skuId = product.SkuId(), price = SellerApi.Money(1499), startsAt, endsAt = startsAt.AddDays(2), teamSize = 3, teamHours = 24,
        });
        var campaignId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("campaignId").GetString();
        using var channel = GrpcChannel.ForAddress(App.Server.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = TestTokens.Bearer(App.Tokens.ForService("order"), App.Server.CreateHandler()),
        });
        var campaigns = new CampaignsClient(channel);

        var campaign = await campaigns.GetCampaignAsync(new GetCampaignRequest { CampaignId = campaignId });
        var unknown = Assert.ThrowsAsync<RpcException>(async () =>
            await campaigns.GetCampaignAsync(new GetCampaignRequest { CampaignId = Guid.CreateVersion7().ToString() }));

        Assert.Multiple(() =>
        {
            Assert.That(campaign.Type, Is.EqualTo("group-buy"));
            Assert.That(campaign.SkuId, Is.EqualTo(product.SkuId().ToString()));
            Assert.That(campaign.MerchantId, Is.EqualTo(merchantId.ToString()));
            Assert.That(campaign.Price.Amount, Is.EqualTo(1499));
            Assert.That(campaign.TeamSize, Is.EqualTo(3));
            Assert.That(campaign.Quota, Is.Zero);
            Assert.That(campaign.Title, Is.Not.Empty);
            Assert.That(DateTimeOffset.Parse(campaign.StartsAt), Is.EqualTo(startsAt).Within(TimeSpan.FromMilliseconds(1)));
            Assert.That(unknown!.StatusCode, Is.EqualTo(StatusCode.NotFound));
        });
    }
}
