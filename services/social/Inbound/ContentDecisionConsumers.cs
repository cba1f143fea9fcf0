using MassTransit;
using SocialCommerce.Contracts.Events.Moderation;
using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.Social.Engagement;
using SocialCommerce.Social.Groups;
using SocialCommerce.Social.Posts;
using SocialCommerce.Social.Reviews;

namespace SocialCommerce.Social.Inbound;

/// <summary>Moderation approved a post or comment revision: a post is published (and fanned out), a comment shows.</summary>
public sealed class ContentApprovedConsumer(Inbox inbox, PostStore posts) : IConsumer<ContentApproved>
{
    public Task Consume(ConsumeContext<ContentApproved> context)
    {
        var decision = context.Message;
        return decision.ContentType switch
        {
            "post" => inbox.HandleOnceAsync(context, nameof(ContentApprovedConsumer), (connection, transaction) =>
                posts.ApproveAsync(connection, transaction, decision.ContentId, decision.Revision, decision.DecidedAt)),
            "comment" => inbox.HandleOnceAsync(context, nameof(ContentApprovedConsumer), (connection, transaction) =>
                CommentStore.DecideAsync(connection, transaction, decision.ContentId, approved: true, [], decision.CaseId, decision.DecidedAt)),
            "group" => inbox.HandleOnceAsync(context, nameof(ContentApprovedConsumer), (connection, transaction) =>
                GroupStore.ApproveAsync(connection, transaction, decision.ContentId, decision.CaseId, decision.DecidedAt)),
            "review" or "follow-up" => inbox.HandleOnceAsync(context, nameof(ContentApprovedConsumer), (connection, transaction) =>
                ReviewDecisions.ApplyAsync(connection, transaction, decision.ContentType, decision.ContentId, ReviewDecisions.Published, [],
                    decision.CaseId, decision.DecidedAt.ToUniversalTime())),
            // Products and nicknames are other services' content.
            _ => Task.CompletedTask,
        };
    }
}

/// <summary>Moderation refused a post or comment revision: its author sees the reasons; an overturned approval is withdrawn.</summary>
public sealed class ContentRejectedConsumer(Inbox inbox, PostStore posts) : IConsumer<ContentRejected>
{
    public Task Consume(ConsumeContext<ContentRejected> context)
    {
        var decision = context.Message;
        return decision.ContentType switch
        {
            "post" => inbox.HandleOnceAsync(context, nameof(ContentRejectedConsumer), (connection, transaction) =>
                posts.RejectAsync(connection, transaction, decision.ContentId, decision.Revision, decision.Reasons, decision.CaseId, decision.DecidedAt)),
            "comment" => inbox.HandleOnceAsync(context, nameof(ContentRejectedConsumer), (connection, transaction) =>
                CommentStore.DecideAsync(connection, transaction, decision.ContentId, approved: false, decision.Reasons, decision.CaseId, decision.DecidedAt)),
            "group" => inbox.HandleOnceAsync(context, nameof(ContentRejectedConsumer), (connection, transaction) =>
                GroupStore.RejectAsync(connection, transaction, decision.ContentId, decision.Reasons, decision.CaseId)),
            "review" or "follow-up" => inbox.HandleOnceAsync(context, nameof(ContentRejectedConsumer), (connection, transaction) =>
                ReviewDecisions.ApplyAsync(connection, transaction, decision.ContentType, decision.ContentId, ReviewDecisions.Rejected,
                    decision.Reasons, decision.CaseId, decision.DecidedAt.ToUniversalTime())),
            _ => Task.CompletedTask,
        };
    }
}

/// <summary>Screening held a post or comment for a moderator: it stays pending, and its author can see why and follow the case.</summary>
public sealed class ContentHeldForReviewConsumer(Inbox inbox) : IConsumer<ContentHeldForReview>
{
    public Task Consume(ConsumeContext<ContentHeldForReview> context)
    {
        var held = context.Message;
        return held.ContentType switch
        {
            "post" => inbox.HandleOnceAsync(context, nameof(ContentHeldForReviewConsumer), (connection, transaction) =>
                PostStore.HoldAsync(connection, transaction, held.ContentId, held.Revision, held.Reasons, held.CaseId)),
            "comment" => inbox.HandleOnceAsync(context, nameof(ContentHeldForReviewConsumer), (connection, transaction) =>
                CommentStore.HoldAsync(connection, transaction, held.ContentId, held.Reasons, held.CaseId)),
            "group" => inbox.HandleOnceAsync(context, nameof(ContentHeldForReviewConsumer), (connection, transaction) =>
                GroupStore.HoldAsync(connection, transaction, held.ContentId, held.Reasons, held.CaseId)),
            "review" or "follow-up" => inbox.HandleOnceAsync(context, nameof(ContentHeldForReviewConsumer), (connection, transaction) =>
                ReviewDecisions.ApplyAsync(connection, transaction, held.ContentType, held.ContentId, ReviewDecisions.Pending, held.Reasons,
                    held.CaseId, held.HeldAt.ToUniversalTime())),
            _ => Task.CompletedTask,
        };
    }
}
