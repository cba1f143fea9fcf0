using MassTransit;
using SocialCommerce.Contracts.Events.Moderation;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Catalog.Seller;

/// <summary>Screening sent a product revision to a moderator: the merchant sees why it waits and the case to follow.</summary>
public sealed class ContentHeldForReviewConsumer(Inbox inbox, TimeProvider time, ILogger<ContentHeldForReviewConsumer> logger)
    : IConsumer<ContentHeldForReview>
{
    public async Task Consume(ConsumeContext<ContentHeldForReview> context)
    {
        var held = context.Message;
        if (held.ContentType != ContentApprovedConsumer.ProductContentType) return;
        await inbox.HandleOnceAsync(context, nameof(ContentHeldForReviewConsumer), async (connection, transaction) =>
        {
            if (!await ListingStore.HoldAsync(connection, transaction, held.ContentId, held.Revision, held.Reasons ?? [], held.CaseId, time.GetUtcNow()))
            {
                logger.LogInformation("Ignored hold of product {ProductId} revision {Revision}: not pending review at that revision",
                    held.ContentId, held.Revision);
            }
        });
    }
}
