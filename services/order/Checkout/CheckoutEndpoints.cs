using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Order.Checkout;

public static class CheckoutEndpoints
{
    public static RouteGroupBuilder MapCheckoutEndpoints(this RouteGroupBuilder orders)
    {
        orders.MapPost("/", Checkout);
        return orders;
    }

    /// <summary>
    /// 201 with the order and its pay URL; 409 out of stock or not for sale; 422 when the Idempotency-Key was used
    /// for another body; 503 when catalog or payment-adapter is down (everything undone; retry with the same key).
    /// </summary>
    public static async Task<Results<Created<CheckoutResponse>, ValidationProblem, ProblemHttpResult>> Checkout(
        CheckoutRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, HttpContext context,
        PlaceOrder placeOrder, IOptions<OrderOptions> options)
    {
        var validator = CheckoutValidation.Validate(idempotencyKey, request, options.Value);
        if (!validator.IsValid) return validator.ToProblem();

        // Not the request's abort token: a checkout the client gave up on still finishes (or undoes) what it began.
        var result = await placeOrder.PlaceAsync(context.User.UserId(), idempotencyKey!, request, CancellationToken.None);
        if (result.Order is { } order) return TypedResults.Created($"/api/order/orders/{order.OrderId}", order);
        return ToProblem(result);
    }

    /// <summary>A refused checkout as problem+json: its code (and the SKUs at fault) as extensions clients can switch on.</summary>
    public static ProblemHttpResult ToProblem(CheckoutResult result)
    {
        var problem = result.Problem!;
        var extensions = new Dictionary<string, object?> { ["code"] = problem.Code };
        if (problem.SkuIds is { Count: > 0 }) extensions["skuIds"] = problem.SkuIds;
        return TypedResults.Problem(title: problem.Title, statusCode: result.StatusCode, type: ProblemTypes.ForStatus(result.StatusCode),
            extensions: extensions);
    }
}
