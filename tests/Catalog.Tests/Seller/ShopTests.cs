using System.Net;
using System.Net.Http.Json;
using SocialCommerce.Contracts.Events.Identity;

namespace SocialCommerce.Catalog.Tests.Seller;

/// <summary>MerchantApproved from identity opens the merchant's shop, exactly once.</summary>
public sealed class ShopTests : CatalogFixture
{
    [OneTimeSetUp]
    public Task WaitForBus() => App.WaitForBusAsync();

    private Task<long> ShopsAsync(Guid merchantId) =>
        App.ScalarAsync<long>("SELECT count(*) FROM shops WHERE merchant_id = @merchantId", new { merchantId });

    private Task<long> HandledAsync() =>
        App.ScalarAsync<long>("SELECT count(*) FROM inbox_messages WHERE consumer = 'MerchantApprovedConsumer'");

    [Test]
    public async Task MerchantApproved_DeliveredTwice_OpensOneShopAndSellerApiWorks()
    {
        var merchantId = Guid.CreateVersion7();
        var messageId = Guid.NewGuid();
        var approved = new MerchantApproved(merchantId, Guid.CreateVersion7(), " 好物小店 ", DateTimeOffset.UtcNow);

        using var duplicates = new CounterWatch("socialcommerce.inbox.duplicates", "consumer", "MerchantApprovedConsumer");
        await App.Publish(approved, messageId);
        await App.Publish(approved, messageId);

        await Eventually.WaitForAsync(() => ShopsAsync(merchantId), n => n > 0);
        await duplicates.WaitForSumAsync(1); // the second delivery was seen and skipped
        using var merchant = App.CreateClient(App.Tokens.For(merchantId, "merchant"));
        var create = await merchant.PostAsJsonAsync("/api/seller/products", SellerApi.Product());
        Assert.Multiple(async () =>
        {
            Assert.That(await ShopsAsync(merchantId), Is.EqualTo(1));
            Assert.That(await App.ScalarAsync<string>("SELECT name FROM shops WHERE merchant_id = @merchantId", new { merchantId }), Is.EqualTo("好物小店"));
            Assert.That(await App.ScalarAsync<long>("SELECT count(*) FROM inbox_messages WHERE message_id = @messageId", new { messageId }), Is.EqualTo(1));
            Assert.That(create.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        });
    }

    [Test]
    public async Task MerchantApproved_ShopAlreadyOpenedDirectly_KeepsExistingShop()
    {
        var (merchantId, shopId, _) = await App.NewMerchantAsync("演示小店");
        var handledBefore = await HandledAsync();

        await App.Publish(new MerchantApproved(merchantId, Guid.CreateVersion7(), "另一个名字", DateTimeOffset.UtcNow));

        await Eventually.WaitForAsync(HandledAsync, n => n > handledBefore);
        Assert.Multiple(async () =>
        {
            Assert.That(await ShopsAsync(merchantId), Is.EqualTo(1));
            Assert.That(await App.ScalarAsync<Guid>("SELECT id FROM shops WHERE merchant_id = @merchantId", new { merchantId }), Is.EqualTo(shopId));
            Assert.That(await App.ScalarAsync<string>("SELECT name FROM shops WHERE merchant_id = @merchantId", new { merchantId }), Is.EqualTo("演示小店"));
        });
    }
}
