using Microsoft.AspNetCore.Http.HttpResults;
using SocialCommerce.Order.Orders;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Order.AfterSales;

/// <summary>
/// Refund requests: the shopper asks (7 days from delivery, no reason needed, all or some lines) and may escalate a
/// rejection; the shop's merchant approves or rejects; an admin decides escalated ones.
/// </summary>
public static class RefundRequestEndpoints
{
    public const int MaxReasonLength = 500;

    public static RouteGroupBuilder MapShopperRefundEndpoints(this RouteGroupBuilder order)
    {
        order.MapPost("/orders/{orderId:guid}/refund-requests", Create).WithSummary("Ask for a refund within 7 days of delivery")
            .ProducesConflict("refund-window-closed", "refund-exceeds-paid", "not-refundable")
            .WithRequestExample(new { reason = "收到的茶叶受潮了", lines = new[] { new { skuId = Guid.Parse("0193a6a0-0000-7000-8000-000000000001"), quantity = 1 } } });
        order.MapGet("/refund-requests/{requestId:guid}", Get).WithSummary("A refund request of mine");
        order.MapPost("/refund-requests/{requestId:guid}/escalation", Escalate).WithSummary("Escalate a rejected request to the platform")
            .ProducesConflict("refund-request-decided");
        return order;
    }

    public static RouteGroupBuilder MapSellerRefundEndpoints(this RouteGroupBuilder seller)
    {
        seller.MapGet("/", (HttpContext context, RefundRequestStore store, string? status) =>
            ListAsync(store, context.User.UserId(), status)).WithName("sellerRefundRequestList").WithSummary("Refund requests on my shop's orders");
        seller.MapPost("/{requestId:guid}/approve", (Guid requestId, RefundDecision? decision, HttpContext context, RefundRequestStore store) =>
        {
            var merchantId = context.User.UserId();
            return Answer(store.ApproveAsync(requestId, request => request.MerchantId == merchantId, [RefundRequestStatus.Pending], merchantId, decision?.Note));
        }).WithName("sellerRefundRequestApprove").WithSummary("Approve a refund request").ProducesConflict("refund-request-decided");
        seller.MapPost("/{requestId:guid}/reject", (Guid requestId, RefundDecision? decision, HttpContext context, RefundRequestStore store) =>
        {
            var merchantId = context.User.UserId();
            return Answer(store.RejectAsync(requestId, request => request.MerchantId == merchantId, [RefundRequestStatus.Pending], merchantId, decision?.Note));
        }).WithName("sellerRefundRequestReject").WithSummary("Reject a refund request (the shopper may escalate)").ProducesConflict("refund-request-decided");
        return seller;
    }

    public static RouteGroupBuilder MapAdminRefundEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/", (RefundRequestStore store, string? status) => ListAsync(store, null, status ?? RefundRequestStatus.Escalated))
            .WithName("adminRefundRequestList").WithSummary("Escalated refund requests");
        admin.MapPost("/{requestId:guid}/approve", (Guid requestId, RefundDecision? decision, HttpContext context, RefundRequestStore store) =>
            Answer(store.ApproveAsync(requestId, _ => true, [RefundRequestStatus.Escalated], context.User.UserId(), decision?.Note)))
            .WithName("adminRefundRequestApprove").WithSummary("Approve an escalated refund request").ProducesConflict("refund-request-decided");
        admin.MapPost("/{requestId:guid}/reject", (Guid requestId, RefundDecision? decision, HttpContext context, RefundRequestStore store) =>
            Answer(store.RejectAsync(requestId, _ => true, [RefundRequestStatus.Escalated], context.User.UserId(), decision?.Note)))
            .WithName("adminRefundRequestReject").WithSummary("Reject an escalated refund request").ProducesConflict("refund-request-decided");
        return admin;
    }

    public static async Task<Results<Created<RefundRequestView>, ValidationProblem, ProblemHttpResult>> Create(
        Guid orderId, NewRefundRequest request, HttpContext context, RefundRequestStore store, OrderStore orders)
    {
        var validator = new Validator().MaxLength("reason", request.Reason, MaxReasonLength)
            .Check(request.Lines is null || request.Lines.Count > 0, "lines", "leave out to refund everything, or list at least one line");
        for (var i = 0; i < (request.Lines?.Count ?? 0); i++)
        {
            if (request.Lines![i] is { } line) validator.Check(line.Quantity >= 1, $"lines[{i}].quantity", "must be at least 1");
            else validator.Add($"lines[{i}]", "is required");
        }

        validator.Check(request.Lines is null || request.Lines.Select(line => line?.SkuId).Distinct().Count() == request.Lines.Count, "lines", "each SKU may appear once");
        if (!validator.IsValid) return validator.ToProblem();

        var (outcome, created) = await store.CreateAsync(orderId, context.User.UserId(), request);
        return outcome switch
        {
            RequestOutcome.Done => TypedResults.Created($"/api/order/refund-requests/{created!.Id}", created.ToView((await orders.FindAsync(orderId))!.Currency)),
            RequestOutcome.NotFound => Problems.NotFound("The order does not exist."),
            RequestOutcome.WindowClosed => Problems.Conflict("The 7-day return window after delivery has closed.", "refund-window-closed"),
            RequestOutcome.ExceedsBought => Problems.Conflict("That is more than the order has left to refund.", "refund-exceeds-paid"),
            _ => Problems.Conflict("A refund can be requested for a delivered order with no other open request.", "not-refundable"),
        };
    }

    public static async Task<Results<Ok<RefundRequestView>, ProblemHttpResult>> Get(
        Guid requestId, HttpContext context, RefundRequestStore store, OrderStore orders)
    {
        var request = await store.FindAsync(requestId);
        if (request is null || request.UserId != context.User.UserId()) return Problems.NotFound("The refund request does not exist.");
        return TypedResults.Ok(request.ToView((await orders.FindAsync(request.OrderId))!.Currency));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Escalate(Guid requestId, HttpContext context, RefundRequestStore store) =>
        await Answer(store.EscalateAsync(requestId, context.User.UserId()));

    private static async Task<Results<NoContent, ProblemHttpResult>> Answer(Task<RequestOutcome> decision) => await decision switch
    {
        RequestOutcome.Done => TypedResults.NoContent(),
        RequestOutcome.NotFound => Problems.NotFound("The refund request does not exist."),
        _ => Problems.Conflict("The refund request is not in a state that allows this.", "refund-request-decided"),
    };

    private static async Task<Ok<IReadOnlyList<RefundRequestView>>> ListAsync(RefundRequestStore store, Guid? merchantId, string? status) =>
        TypedResults.Ok<IReadOnlyList<RefundRequestView>>(
            (await store.ListAsync(merchantId, status, 100)).Select(request => request.ToView(ServiceDefaults.Money.Cny)).ToList());
}
