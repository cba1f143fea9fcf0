using MassTransit;
using SocialCommerce.Contracts.Events.Catalog;
using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.Social.Directory;
using SocialCommerce.Social.Posts;

namespace SocialCommerce.Social.Inbound;

/// <summary>
/// A product went on sale: its card is refreshed and, the first time, the shop's followers get it in their feeds as a
/// post of the shop.
/// </summary>
public sealed class ProductListedConsumer(Inbox inbox, ProductCards products, PostStore posts) : IConsumer<ProductListed>
{
    public async Task Consume(ConsumeContext<ProductListed> context)
    {
        var listed = context.Message;
        await products.FetchAsync([listed.ProductId], context.CancellationToken);
        // Lag is measured from when catalog sent the event: a product listed long ago (demo data) is not late news.
        var announcedAt = context.SentTime is DateTime sent ? new DateTimeOffset(DateTime.SpecifyKind(sent, DateTimeKind.Utc)) : listed.ListedAt;
        await inbox.HandleOnceAsync(context, nameof(ProductListedConsumer), (connection, transaction) =>
            posts.AddListingPostAsync(connection, transaction, listed.ShopId, listed.ProductId, listed.Title, listed.ListedAt, announcedAt));
    }
}

/// <summary>Posts that tag a delisted product keep it, shown as unavailable.</summary>
public sealed class ProductDelistedConsumer(ProductCards products) : IConsumer<ProductDelisted>
{
    public Task Consume(ConsumeContext<ProductDelisted> context) =>
        products.RefreshIfKnownAsync(context.Message.ProductId, context.CancellationToken);
}

public sealed class PriceChangedConsumer(ProductCards products) : IConsumer<PriceChanged>
{
    public Task Consume(ConsumeContext<PriceChanged> context) =>
        products.RefreshIfKnownAsync(context.Message.ProductId, context.CancellationToken);
}
