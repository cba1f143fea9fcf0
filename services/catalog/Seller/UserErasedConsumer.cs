using MassTransit;
using SocialCommerce.Contracts.Events.Identity;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Catalog.Seller;

/// <summary>
/// PIPL erasure of a merchant: their listings leave sale (nobody answers for them any more). The shop row and its products
/// stay, delisted, because orders and price history refer to them; they name the shop, not the person.
/// </summary>
public sealed class UserErasedConsumer(Inbox inbox, TimeProvider time, ILogger<UserErasedConsumer> logger) : IConsumer<UserErased>
{
    public Task Consume(ConsumeContext<UserErased> context) =>
        inbox.HandleOnceAsync(context, nameof(UserErasedConsumer), async (connection, transaction) =>
        {
            var delisted = await ListingStore.DelistMerchantAsync(connection, transaction, context.Message.UserId, time.GetUtcNow());
            if (delisted > 0) logger.LogInformation("Merchant {MerchantId} was erased: {Count} product(s) delisted", context.Message.UserId, delisted);
        });
}
