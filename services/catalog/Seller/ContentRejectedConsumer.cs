using MassTransit;
using SocialCommerce.Contracts.Events.Moderation;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Catalog.Seller;

/// <summary>Moderation rejected a product revision: the merchant sees the reasons and may edit and resubmit.</summary>
public sealed class ContentRejectedConsumer(Inbox inbox, TimeProvider time, ILogger<ContentRejectedConsumer> logger) : IConsumer<ContentRejected>
{
    public async Task Consume(ConsumeContext<ContentRejected> context)
    {
        var decision = context.Message;
        if (decision.ContentType != ContentApprovedConsumer.ProductContentType) return;
        await inbox.HandleOnceAsync(context, nameof(ContentRejectedConsumer), async (connection, transaction) =>
        {
            if (!await ListingStore.RejectAsync(connection, transaction, decision.ContentId, decision.Revision, decision.Reasons ?? [], decision.CaseId, time.GetUtcNow()))
            {
                logger.LogInformation("Ignored rejection of product {ProductId} revision {Revision}: not pending review at that revision",
                    decision.ContentId, decision.Revision);
            }
        });
    }
}
