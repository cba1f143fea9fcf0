using Grpc.Core;
using Grpc.Net.Client;
using SocialCommerce.Contracts.Catalog.V1;

namespace SocialCommerce.Catalog.Tests.Stock;

/// <summary>directory.proto: product and shop cards for social, listed or not, and only for social's token.</summary>
public sealed class ProductDirectoryTests : StockFixture
{
    private ProductDirectory.ProductDirectoryClient DirectoryWith(string? bearer)
    {
        var handler = App.Server.CreateHandler();
        var channel = GrpcChannel.ForAddress(App.Server.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = bearer is null ? handler : TestTokens.Bearer(bearer, handler),
        });
        return new ProductDirectory.ProductDirectoryClient(channel);
    }

    private Task<Guid> ProductOfAsync(Guid skuId) => App.ScalarAsync<Guid>("SELECT product_id FROM skus WHERE id = @skuId", new { skuId });

    [Test]
    public async Task GetProducts_ListedDelistedAndUnknown_CardsForKnownOnesListedFlagSaysWhich()
    {
        var listed = await ProductOfAsync(await App.NewSkuAsync(available: 5, price: 2590));
        var delisted = await ProductOfAsync(await App.NewSkuAsync(available: 5, status: "delisted"));
        var request = new GetProductsRequest();
        request.ProductIds.AddRange([listed.ToString(), delisted.ToString(), Guid.CreateVersion7().ToString()]);

        var response = await DirectoryWith(App.Tokens.ForService("social")).GetProductsAsync(request);

        var cards = response.Products.ToDictionary(card => Guid.Parse(card.ProductId));
        Assert.Multiple(() =>
        {
            Assert.That(cards.Keys, Is.EquivalentTo(new[] { listed, delisted }));
            Assert.That(cards[listed].Listed, Is.True);
            Assert.That(cards[listed].Price.Amount, Is.EqualTo(2590));
            Assert.That(cards[listed].Title, Is.EqualTo("赣南脐橙 5斤装"));
            Assert.That(cards[listed].ListedAt, Is.Not.Empty);
            Assert.That(cards[delisted].Listed, Is.False);
        });
    }

    [Test]
    public async Task GetShops_KnownShop_NameAndMerchant()
    {
        var (merchantId, shopId, _) = await App.NewMerchantAsync("目录测试店");
        var request = new GetShopsRequest();
        request.ShopIds.AddRange([shopId.ToString(), Guid.CreateVersion7().ToString()]);

        var response = await DirectoryWith(App.Tokens.ForService("social")).GetShopsAsync(request);

        Assert.That(response.Shops.Select(shop => (shop.ShopId, shop.Name, shop.MerchantId)),
            Is.EqualTo(new[] { (shopId.ToString(), "目录测试店", merchantId.ToString()) }));
    }

    [TestCase("order", StatusCode.PermissionDenied)]
    [TestCase(null, StatusCode.Unauthenticated)]
    public void GetProducts_NotSocial_Refused(string? service, StatusCode expected)
    {
        var client = DirectoryWith(service is null ? null : App.Tokens.ForService(service));

        var refused = Assert.ThrowsAsync<RpcException>(async () => await client.GetProductsAsync(new GetProductsRequest()));

        Assert.That(refused!.StatusCode, Is.EqualTo(expected));
    }

    [Test]
    public void GetProducts_MalformedId_InvalidArgument()
    {
        var request = new GetProductsRequest();
        request.ProductIds.Add("not-a-uuid");

        var refused = Assert.ThrowsAsync<RpcException>(async () => await DirectoryWith(App.Tokens.ForService("social")).GetProductsAsync(request));

        Assert.That(refused!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
    }
}
