using Microsoft.AspNetCore.Http.HttpResults;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Order.Orders;

/// <summary>The shopper's own orders. Anyone else's order answers 404, as if it did not exist.</summary>
public static class OrderEndpoints
{
    public const int MaxPageSize = 50;

    public static RouteGroupBuilder MapOrderEndpoints(this RouteGroupBuilder orders)
    {
        orders.MapGet("/", List).WithSummary("My orders, newest first");
        orders.MapGet("/{orderId:guid}", Get).WithSummary("An order of mine with its status history, payment, shipment and refunds");
        orders.MapPost("/{orderId:guid}/receipt", ConfirmReceipt).WithSummary("Confirm receipt").ProducesConflict("not-receivable");
        return orders;
    }

    public static async Task<Results<Ok<OrderPage>, ValidationProblem>> List(
        HttpContext context, OrderStore orders, string? status = null, Guid? cursor = null, int limit = 20)
    {
        var validator = new Validator().Check(limit is >= 1 and <= MaxPageSize, "limit", $"must be between 1 and {MaxPageSize}");
        if (!validator.IsValid) return validator.ToProblem();
        return TypedResults.Ok(await orders.PageAsync("user_id", context.User.UserId(), status, cursor, limit));
    }

    public static async Task<Results<Ok<OrderView>, ProblemHttpResult>> Get(Guid orderId, HttpContext context, OrderStore orders)
    {
        var userId = context.User.UserId();
        return await orders.ViewAsync(orderId, order => order.UserId == userId) is { } view
            ? TypedResults.Ok(view)
            : Problems.NotFound("The order does not exist.");
    }

    /// <summary>Shipped or delivered → completed (a repeat answers 200); commission on what was kept settles.</summary>
    public static async Task<Results<Ok<OrderView>, ProblemHttpResult>> ConfirmReceipt(Guid orderId, HttpContext context, OrderStore orders)
    {
        var order = await orders.FindAsync(orderId);
        if (order is null || order.UserId != context.User.UserId()) return Problems.NotFound("The order does not exist.");
        if (order.Status != OrderStatus.Completed && !await orders.ConfirmReceiptAsync(orderId))
            return Problems.Conflict("Only a shipped or delivered order can be confirmed as received.", "not-receivable");
        return TypedResults.Ok((await orders.ViewAsync(orderId, _ => true))!);
    }
}
