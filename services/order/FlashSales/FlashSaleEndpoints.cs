using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.Order.Campaigns;
using SocialCommerce.Order.Carts;
using SocialCommerce.Order.Checkout;
using SocialCommerce.Order.Orders;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Order.FlashSales;

public sealed record FlashSaleRequest(int Quantity, ShippingAddress? ShippingAddress);

/// <summary>
/// Flash sales (秒杀): admission and order in one checkout with an Idempotency-Key. The admission is decided first, in
/// this database, so only admitted buyers go on to reserve stock at catalog, write an order and open a payment; the
/// order must be paid within <see cref="OrderOptions.FlashSalePaymentTimeout"/> or its units return to the quota.
/// </summary>
public static class FlashSaleEndpoints
{
    public static RouteGroupBuilder MapFlashSaleEndpoints(this RouteGroupBuilder order)
    {
        order.MapPost("/flash-sales/{campaignId:guid}/orders", Buy)
            .WithTag("Flash sales", "秒杀: a limited quota at the campaign price, admitted in arrival order, at most the per-user limit (429 above it).")
            .WithSummary("Buy in a flash sale (Idempotency-Key required)").ProducesConflict("campaign-not-running", "sold-out", "admission-lapsed")
            .WithRequestExample(new
            {
                quantity = 1,
                shippingAddress = new { name = "小红", phone = "13800000001", region = "浙江省杭州市西湖区", line1 = "文三路 90 号 8 幢 301" },
            });
        return order;
    }

    /// <summary>201 with the order and its pay URL; 409 sold out or not running; 429 over the per-user limit.</summary>
    public static async Task<Results<Created<CheckoutResponse>, ValidationProblem, ProblemHttpResult>> Buy(
        Guid campaignId, FlashSaleRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, HttpContext context,
        NpgsqlDataSource dataSource, CampaignCatalog campaigns, FlashSaleQuota quota, PlaceOrder placeOrder, IOptions<OrderOptions> options,
        OrderMetrics metrics, TimeProvider time)
    {
        var campaign = await campaigns.FindAsync(campaignId);
        if (campaign is not { Type: "flash-sale" }) return Problems.NotFound("The flash sale does not exist.");
        var checkout = new CheckoutRequest([new CartLine(campaign.SkuId, request.Quantity)], request.ShippingAddress, null);
        var validator = CheckoutValidation.Validate(idempotencyKey, checkout, options.Value);
        var limit = campaign.PerUserLimit > 0 ? Math.Min(campaign.PerUserLimit, options.Value.MaxQuantityPerLine) : options.Value.MaxQuantityPerLine;
        validator.Check(request.Quantity >= 1 && request.Quantity <= limit, "quantity", $"must be between 1 and {limit}");
        if (!validator.IsValid) return validator.ToProblem();
        if (!campaign.IsRunning(time.GetUtcNow())) return Problems.Conflict("The flash sale has not started or has ended.", "campaign-not-running");

        var userId = context.User.UserId();
        if (quota.LooksSoldOut(campaignId) && !await CheckoutClaims.ExistsAsync(dataSource, userId, idempotencyKey!))
        {
            // Turned away without touching the quota (a key used before goes on: it may have an order to get back).
            metrics.SoldOutFast();
            var soldOut = FlashSaleQuota.SoldOut;
            return CheckoutResult.Refused(soldOut.StatusCode, soldOut.Title, soldOut.Code).ToProblem();
        }

        // The admission itself is the first step of the checkout (FlashSaleQuota.AdmitAsync, before catalog is called).
        await quota.EnsureBucketsAsync(campaign);
        var plan = CheckoutPlan.FlashSale(campaign, options.Value.FlashSalePaymentTimeout);
        var result = await placeOrder.PlaceAsync(userId, idempotencyKey!, checkout, CancellationToken.None, plan);
        if (result.Order is { } placed) return TypedResults.Created($"/api/order/orders/{placed.OrderId}", placed);
        return result.ToProblem();
    }
}
