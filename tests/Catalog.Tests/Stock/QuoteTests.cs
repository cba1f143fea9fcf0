using Grpc.Core;
using SocialCommerce.Contracts.Catalog.V1;

namespace SocialCommerce.Catalog.Tests.Stock;

public sealed class QuoteTests : StockFixture
{
    [Test]
    public async Task Quote_ListedUnknownAndUnlisted_PricesListedAndNamesTheRest()
    {
        var listed = await App.NewSkuAsync(available: 7, price: 2590);
        var draft = await App.NewSkuAsync(available: 7, status: "draft");
        var unknown = Guid.CreateVersion7();
        var request = new QuoteRequest();
        request.Lines.AddRange(new[] { (listed, 2), (draft, 1), (unknown, 1) }
            .Select(line => new Line { SkuId = line.Item1.ToString(), Quantity = line.Item2 }));

        var quote = await Client.QuoteAsync(request);

        var line = quote.Lines.Single();
        Assert.Multiple(() =>
        {
            Assert.That(line.SkuId, Is.EqualTo(listed.ToString()));
            Assert.That(line.Title, Is.EqualTo("赣南脐橙 5斤装"));
            Assert.That(line.Price, Is.EqualTo(new Money { Amount = 2590, Currency = "CNY" }));
            Assert.That(line.ListPrice, Is.EqualTo(new Money { Amount = 3590, Currency = "CNY" }));
            Assert.That(line.Quantity, Is.EqualTo(2));
            Assert.That(line.Available, Is.EqualTo(7));
            Assert.That(line.Attributes, Is.EquivalentTo(new Dictionary<string, string> { ["规格"] = "5斤", ["果径"] = "80" }));
            Assert.That(quote.Unavailable, Is.EquivalentTo(new[] { draft.ToString(), unknown.ToString() }));
        });
    }

    [Test]
    public async Task Quote_ListedSku_CarriesMerchantId()
    {
        var skuId = await App.NewSkuAsync(available: 3);
        var merchantId = await App.ScalarAsync<Guid>(
            "SELECT sh.merchant_id FROM skus s JOIN products p ON p.id = s.product_id JOIN shops sh ON sh.id = p.shop_id WHERE s.id = @skuId",
            new { skuId });
        var request = new QuoteRequest();
        request.Lines.Add(new Line { SkuId = skuId.ToString(), Quantity = 1 });

        var quote = await Client.QuoteAsync(request);

        Assert.That(quote.Lines.Single().MerchantId, Is.EqualTo(merchantId.ToString()));
    }

    [Test]
    public void Quote_MalformedSkuId_InvalidArgument()
    {
        var request = new QuoteRequest();
        request.Lines.Add(new Line { SkuId = "橙子", Quantity = 1 });

        var error = Assert.ThrowsAsync<RpcException>(async () => await Client.QuoteAsync(request));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
    }
}
