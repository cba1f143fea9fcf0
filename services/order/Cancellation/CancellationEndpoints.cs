using Microsoft.AspNetCore.Http.HttpResults;
using SocialCommerce.Order.Orders;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Order.Cancellation;

public static class CancellationEndpoints
{
    public static RouteGroupBuilder MapCancellationEndpoints(this RouteGroupBuilder orders)
    {
        orders.MapPost("/{orderId:guid}/cancel", Cancel).WithSummary("Cancel an order that has not shipped (refunds what was paid)")
            .ProducesConflict("not-cancellable");
        return orders;
    }

    /// <summary>Before shipment only. An unpaid order releases its stock; a paid one is refunded in full. A repeat answers 200.</summary>
    public static async Task<Results<Ok<OrderView>, ProblemHttpResult>> Cancel(
        Guid orderId, HttpContext context, OrderStore orders, OrderCancellation cancellation)
    {
        var order = await orders.FindAsync(orderId);
        if (order is null || order.UserId != context.User.UserId()) return Problems.NotFound("The order does not exist.");
        if (order.Status != OrderStatus.Cancelled
            && await cancellation.CancelAsync(orderId, [OrderStatus.AwaitingPayment, OrderStatus.Paid], CancelReasons.Shopper) is null)
        {
            return Problems.Conflict("Only an order that has not shipped can be cancelled; ask for a refund after delivery instead.", "not-cancellable");
        }

        return TypedResults.Ok((await orders.ViewAsync(orderId, _ => true))!);
    }
}
