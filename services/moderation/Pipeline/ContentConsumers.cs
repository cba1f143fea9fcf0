using MassTransit;
using SocialCommerce.Contracts.Events.Catalog;
using SocialCommerce.Contracts.Events.Social;
using SocialCommerce.Moderation.Lexicons;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Moderation.Pipeline;

/// <summary>A product revision submitted for listing: title, description and tags are screened as separate fields.</summary>
public sealed class ProductSubmittedForReviewConsumer(Inbox inbox, ContentScreening screening) : IConsumer<ProductSubmittedForReview>
{
    public Task Consume(ConsumeContext<ProductSubmittedForReview> context)
    {
        var product = context.Message;
        var content = new ContentSubmission(ContentKinds.Product, product.ProductId, product.Revision, product.MerchantId,
        [
            new ContentField("title", product.Title),
            new ContentField("description", product.Description),
            // One line per tag: a term split across two tags is still found, as separators are ignored.
            new ContentField("tags", string.Join('\n', product.Tags ?? [])),
        ]);
        return inbox.HandleOnceAsync(context, nameof(ProductSubmittedForReviewConsumer),
            (connection, transaction) => screening.ScreenAsync(connection, transaction, content));
    }
}

public sealed class PostCreatedConsumer(Inbox inbox, ContentScreening screening) : IConsumer<PostCreated>
{
    public Task Consume(ConsumeContext<PostCreated> context)
    {
        var post = context.Message;
        var content = new ContentSubmission(ContentKinds.Post, post.PostId, post.Revision, post.AuthorId, [new ContentField("text", post.Text)]);
        return inbox.HandleOnceAsync(context, nameof(PostCreatedConsumer),
            (connection, transaction) => screening.ScreenAsync(connection, transaction, content));
    }
}

public sealed class CommentCreatedConsumer(Inbox inbox, ContentScreening screening) : IConsumer<CommentCreated>
{
    public Task Consume(ConsumeContext<CommentCreated> context)
    {
        var comment = context.Message;
        var content = new ContentSubmission(
            ContentKinds.Comment, comment.CommentId, comment.Revision, comment.AuthorId, [new ContentField("text", comment.Text)]);
        return inbox.HandleOnceAsync(context, nameof(CommentCreatedConsumer),
            (connection, transaction) => screening.ScreenAsync(connection, transaction, content));
    }
}

public sealed class ReviewCreatedConsumer(Inbox inbox, ContentScreening screening) : IConsumer<ReviewCreated>
{
    public Task Consume(ConsumeContext<ReviewCreated> context)
    {
        var review = context.Message;
        var content = new ContentSubmission(
            ContentKinds.Review, review.ReviewId, review.Revision, review.AuthorId, [new ContentField("text", review.Text)]);
        return inbox.HandleOnceAsync(context, nameof(ReviewCreatedConsumer),
            (connection, transaction) => screening.ScreenAsync(connection, transaction, content));
    }
}

/// <summary>A 追评 is screened on its own; the review above it keeps its own decision.</summary>
public sealed class ReviewFollowUpCreatedConsumer(Inbox inbox, ContentScreening screening) : IConsumer<ReviewFollowUpCreated>
{
    public Task Consume(ConsumeContext<ReviewFollowUpCreated> context)
    {
        var followUp = context.Message;
        var content = new ContentSubmission(
            ContentKinds.FollowUp, followUp.FollowUpId, followUp.Revision, followUp.AuthorId, [new ContentField("text", followUp.Text)]);
        return inbox.HandleOnceAsync(context, nameof(ReviewFollowUpCreatedConsumer),
            (connection, transaction) => screening.ScreenAsync(connection, transaction, content));
    }
}

public sealed class GroupCreatedConsumer(Inbox inbox, ContentScreening screening) : IConsumer<GroupCreated>
{
    public Task Consume(ConsumeContext<GroupCreated> context)
    {
        var group = context.Message;
        var content = new ContentSubmission(ContentKinds.Group, group.GroupId, group.Revision, group.OwnerId,
            [new ContentField("name", group.Name), new ContentField("description", group.Description)]);
        return inbox.HandleOnceAsync(context, nameof(GroupCreatedConsumer),
            (connection, transaction) => screening.ScreenAsync(connection, transaction, content));
    }
}
