using MassTransit;
using SocialCommerce.Contracts.Events.Identity;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Catalog.Seller;

/// <summary>Identity approved a merchant: their shop opens, named as in the application.</summary>
public sealed class MerchantApprovedConsumer(Inbox inbox, ILogger<MerchantApprovedConsumer> logger) : IConsumer<MerchantApproved>
{
    public async Task Consume(ConsumeContext<MerchantApproved> context)
    {
        var approved = context.Message;
        await inbox.HandleOnceAsync(context, nameof(MerchantApprovedConsumer), async (connection, transaction) =>
        {
            var opened = await ShopStore.OpenAsync(
                connection, transaction, approved.UserId, approved.ApplicationId, approved.ShopName.Trim(), approved.ApprovedAt);
            if (!opened) logger.LogInformation("Merchant {MerchantId} already has a shop; approval {ApplicationId} opens none", approved.UserId, approved.ApplicationId);
        });
    }
}
