using Microsoft.AspNetCore.Http.HttpResults;
using SocialCommerce.Contracts.Order.V1;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Social.Reviews;

public sealed record ReviewAccepted(Guid ReviewId, string Status);

public sealed record FollowUpAccepted(Guid FollowUpId, Guid ReviewId, string Status);

/// <summary>Writing reviews and 追评 (api.md, social table); reading them is <see cref="ReviewReads"/>.</summary>
public static class ReviewEndpoints
{
    public static RouteGroupBuilder MapReviewEndpoints(this RouteGroupBuilder social)
    {
        const string tag = "Reviews";
        social.MapPost("/products/{productId:guid}/reviews", Create).RequireAuthorization(Policies.User)
            .WithTag(tag, "Reviews only buyers of a delivered order can write, one per order and product, moderated; one 追评 each within 180 days.")
            .WithName("reviewProduct").WithSummary("Review a product I received (published once moderation approves it)")
            .ProducesConflict("already-reviewed", "not-delivered")
            .WithRequestExample(new
            {
                orderId = Guid.Parse("0193a6a0-0000-7000-8000-0000000000a1"), rating = 5, text = "回甘明显，包装很用心，会回购。",
                imageUrls = new[] { "https://img.example.com/reviews/tea-1.jpg" },
            });
        social.MapPost("/reviews/{reviewId:guid}/follow-ups", FollowUp).RequireAuthorization(Policies.User).WithTags(tag)
            .WithName("followUpReview").WithSummary("Add my one follow-up (追评) to my review, within 180 days of it")
            .ProducesConflict("follow-up-exists", "follow-up-closed", "review-rejected")
            .WithRequestExample(new { text = "喝了一个月，还是很喜欢。", imageUrls = Array.Empty<string>() });
        social.MapGet("/products/{productId:guid}/reviews", ReviewReads.ForProduct).AllowAnonymous().WithTags(tag)
            .WithName("productReviews").WithSummary("A product's published reviews, newest first, with the summary of all of them");
        social.MapGet("/me/reviews", ReviewReads.Mine).RequireAuthorization(Policies.User).WithTags(tag)
            .WithName("myReviews").WithSummary("My reviews (every status, with reasons), optionally of one order");
        return social;
    }

    public static async Task<Results<Created<ReviewAccepted>, ValidationProblem, ProblemHttpResult>> Create(
        Guid productId, ReviewRequest request, HttpContext context, ReviewStore store, Purchases.PurchasesClient purchases)
    {
        var validator = ReviewDraft.Validate(request, out var draft);
        if (!validator.IsValid) return validator.ToProblem();
        var userId = context.User.UserId();
        if (await store.ExistsAsync(userId, draft.OrderId, productId, context.RequestAborted)) return AlreadyReviewed();

        var purchase = await purchases.GetPurchaseAsync(new GetPurchaseRequest
        {
            UserId = userId.ToString(), OrderId = draft.OrderId.ToString(), ProductId = productId.ToString(),
        }, cancellationToken: context.RequestAborted);
        var (outcome, reviewId) = await store.CreateAsync(userId, productId, draft, purchase, context.RequestAborted);
        return outcome switch
        {
            ReviewOutcome.Done => TypedResults.Created($"/api/social/products/{productId}/reviews", new ReviewAccepted(reviewId, ReviewDecisions.Pending)),
            ReviewOutcome.NotDelivered => Problems.Conflict("The order has not been delivered yet; review it once it arrives.", "not-delivered"),
            ReviewOutcome.AlreadyReviewed => AlreadyReviewed(),
            // Someone else's order, an unknown one, or one without this product: the same answer, so ids cannot be probed.
            _ => Problems.Forbidden("Only a buyer of this product in that order may review it."),
        };
    }

    public static async Task<Results<Created<FollowUpAccepted>, ValidationProblem, ProblemHttpResult>> FollowUp(
        Guid reviewId, FollowUpRequest request, HttpContext context, ReviewStore store)
    {
        var validator = ReviewDraft.Validate(request, out var draft);
        if (!validator.IsValid) return validator.ToProblem();
        var (outcome, followUpId) = await store.AddFollowUpAsync(reviewId, context.User.UserId(), draft, context.RequestAborted);
        return outcome switch
        {
            ReviewOutcome.Done => TypedResults.Created($"/api/social/me/reviews", new FollowUpAccepted(followUpId, reviewId, ReviewDecisions.Pending)),
            ReviewOutcome.NotYours => Problems.Forbidden("Only the review's author may add a follow-up."),
            ReviewOutcome.FollowUpTwice => Problems.Conflict("This review has its follow-up already; there is one per review.", "follow-up-exists"),
            ReviewOutcome.FollowUpClosed => Problems.Conflict("Follow-ups close 180 days after the review.", "follow-up-closed"),
            ReviewOutcome.Rejected => Problems.Conflict("The review was refused by moderation, so it takes no follow-up.", "review-rejected"),
            _ => Problems.NotFound("The review does not exist."),
        };
    }

    private static ProblemHttpResult AlreadyReviewed() =>
        Problems.Conflict("You have reviewed this product for that order already; add a follow-up instead.", "already-reviewed");
}
