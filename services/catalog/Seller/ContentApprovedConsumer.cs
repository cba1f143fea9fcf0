using MassTransit;
using SocialCommerce.Contracts.Events.Moderation;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Catalog.Seller;

/// <summary>Moderation approved a product revision: it is listed, unless the decision is stale.</summary>
public sealed class ContentApprovedConsumer(Inbox inbox, TimeProvider time, ILogger<ContentApprovedConsumer> logger) : IConsumer<ContentApproved>
{
    public const string ProductContentType = "product";

    public async Task Consume(ConsumeContext<ContentApproved> context)
    {
        var decision = context.Message;
        if (decision.ContentType != ProductContentType) return;
        await inbox.HandleOnceAsync(context, nameof(ContentApprovedConsumer), async (connection, transaction) =>
        {
            if (!await ListingStore.ApproveAsync(connection, transaction, decision.ContentId, decision.Revision, time.GetUtcNow()))
            {
                logger.LogInformation("Ignored approval of product {ProductId} revision {Revision}: not pending review at that revision",
                    decision.ContentId, decision.Revision);
            }
        });
    }
}
