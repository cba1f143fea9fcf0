using System.Net;
using SocialCommerce.Contracts.Events.Identity;

namespace SocialCommerce.Catalog.Tests.Seller;

/// <summary>UserErased for a merchant: their listings leave sale, once; other shops are untouched.</summary>
public sealed class MerchantErasureTests : CatalogFixture
{
    protected override Dictionary<string, string> Settings => new() { ["Catalog:AutoApproveListings"] = "true" };

    private async Task<Guid> ListedProductAsync(HttpClient client)
    {
        var product = await client.CreateProductAsync();
        Assert.That((await client.SubmitAsync(product.ProductId())).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        return product.ProductId();
    }

    private Task<string> StatusAsync(Guid productId) =>
        App.ScalarAsync<string>("SELECT status FROM products WHERE id = @productId", new { productId });

    [Test]
    public async Task UserErased_MerchantDeliveredTwice_ListingsDelistedOnceDraftsAndOtherShopsKept()
    {
        var (merchantId, _, client) = await App.NewMerchantAsync();
        var listed = await ListedProductAsync(client);
        var draft = (await client.CreateProductAsync()).ProductId();
        var (_, _, otherClient) = await App.NewMerchantAsync("别家小店");
        var othersListed = await ListedProductAsync(otherClient);
        var erased = new UserErased(merchantId, DateTimeOffset.UtcNow);
        var messageId = Guid.NewGuid();

        await App.Publish(erased, messageId);
        await App.Publish(erased, messageId);

        await Eventually.WaitForAsync(() => StatusAsync(listed), status => status == "delisted");
        await Eventually.WaitForAsync(() => App.ScalarAsync<long>(
            "SELECT count(*) FROM inbox_messages WHERE message_id = @messageId", new { messageId }), handled => handled == 1);
        using var anonymous = App.CreateClient();
        Assert.Multiple(async () =>
        {
            Assert.That(await StatusAsync(listed), Is.EqualTo("delisted"));
            Assert.That(await StatusAsync(draft), Is.EqualTo("draft"));
            Assert.That(await StatusAsync(othersListed), Is.EqualTo("listed"));
            Assert.That(await App.OutboxCountAsync("ProductDelisted", listed), Is.EqualTo(1), "announced once, for the product that was on sale");
            Assert.That((await anonymous.GetAsync($"/api/catalog/products/{listed}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }
}
