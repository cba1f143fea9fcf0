using Microsoft.AspNetCore.Http.HttpResults;
using SocialCommerce.Order.Orders;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Order.Fulfilment;

public sealed record ShipmentRequest(string? Carrier, string? TrackingNo);

/// <summary>A merchant's view of their shop's orders, and shipping them. Another shop's order answers 404.</summary>
public static class SellerOrderEndpoints
{
    public static RouteGroupBuilder MapSellerOrderEndpoints(this RouteGroupBuilder seller)
    {
        seller.MapGet("/", List).WithSummary("My shop's orders, by status");
        seller.MapGet("/{orderId:guid}", Get).WithSummary("An order of my shop");
        seller.MapPost("/{orderId:guid}/shipments", Ship).WithSummary("Ship an order with the carrier's tracking number")
            .ProducesConflict("team-not-complete", "settling", "tracking-number-taken", "not-shippable")
            .WithRequestExample(new { carrier = "sf", trackingNo = "SF1234567890123" });
        return seller;
    }

    public static async Task<Results<Ok<OrderPage>, ValidationProblem>> List(
        HttpContext context, OrderStore orders, string? status = null, Guid? cursor = null, int limit = 20)
    {
        var validator = new Validator().Check(limit is >= 1 and <= OrderEndpoints.MaxPageSize, "limit", $"must be between 1 and {OrderEndpoints.MaxPageSize}");
        if (!validator.IsValid) return validator.ToProblem();
        return TypedResults.Ok(await orders.PageAsync("merchant_id", context.User.UserId(), status, cursor, limit));
    }

    public static async Task<Results<Ok<OrderView>, ProblemHttpResult>> Get(Guid orderId, HttpContext context, OrderStore orders)
    {
        var merchantId = context.User.UserId();
        return await orders.ViewAsync(orderId, order => order.MerchantId == merchantId) is { } view
            ? TypedResults.Ok(view)
            : Problems.NotFound("The order does not exist.");
    }

    /// <summary>Paid → shipped, once. A second shipment, or one for an unpaid or cancelled order, is 409.</summary>
    public static async Task<Results<Ok<OrderView>, ValidationProblem, ProblemHttpResult>> Ship(
        Guid orderId, ShipmentRequest request, HttpContext context, OrderStore orders, Shipping shipping)
    {
        var validator = new Validator()
            .Check(request.Carrier is not null && Carriers.Known.Contains(request.Carrier), "carrier", $"must be one of {string.Join(", ", Carriers.Known)}")
            .Check(Carriers.IsTrackingNo(request.TrackingNo), "trackingNo", "must be 6 to 40 letters or digits");
        if (!validator.IsValid) return validator.ToProblem();
        var order = await orders.FindAsync(orderId);
        if (order is null || order.MerchantId != context.User.UserId()) return Problems.NotFound("The order does not exist.");

        return await shipping.ShipAsync(order, request.Carrier!, request.TrackingNo!) switch
        {
            ShipOutcome.Shipped => TypedResults.Ok((await orders.ViewAsync(orderId, _ => true))!),
            ShipOutcome.TeamNotComplete => Problems.Conflict("The group-buy team is not complete yet.", "team-not-complete"),
            ShipOutcome.Settling => Problems.Conflict("The payment is still being settled; ship in a moment.", "settling"),
            ShipOutcome.TrackingNumberTaken => Problems.Conflict("This tracking number is already used by another order.", "tracking-number-taken"),
            _ => Problems.Conflict("Only a paid order that has not shipped can be shipped.", "not-shippable"),
        };
    }
}
