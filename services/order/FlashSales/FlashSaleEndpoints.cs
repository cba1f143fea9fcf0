using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.Order.Campaigns;
using SocialCommerce.Order.Carts;
using SocialCommerce.Order.Checkout;
using SocialCommerce.Order.Orders;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Order.FlashSales;

public sealed record FlashSaleRequest(int Quantity, ShippingAddress? ShippingAddress);

/// <summary>
/// Flash sales (秒杀), answered in one step: an attempt is admitted with a ticket (202), or refused as sold out (409) or over
/// the per-user limit (429), in one database round trip (<see cref="FlashSaleQuota.AdmitAsync"/>). The ticket's order is
/// placed afterwards by an owed call (<see cref="PlaceTicketOrderCall"/>) at the rate the platform sustains; the buyer polls
/// the ticket, or finds the order in their orders. The order must be paid within
/// <see cref="OrderOptions.FlashSalePaymentTimeout"/> or its units return to the quota.
/// </summary>
public static class FlashSaleEndpoints
{
    public static RouteGroupBuilder MapFlashSaleEndpoints(this RouteGroupBuilder order)
    {
        order.MapPost("/flash-sales/{campaignId:guid}/orders", Buy)
            .WithTag("Flash sales", "秒杀: a limited quota at the campaign price, admitted in arrival order, at most the per-user limit (429 above it).")
            .WithSummary("Buy in a flash sale (Idempotency-Key required): 202 with a ticket whose order is placed in a moment")
            .ProducesConflict("campaign-not-running", "sold-out")
            .WithRequestExample(new
            {
                quantity = 1,
                shippingAddress = new { name = "小红", phone = "13800000001", region = "浙江省杭州市西湖区", line1 = "文三路 90 号 8 幢 301" },
            });
        order.MapGet("/flash-sales/tickets/{ticketId:guid}", Ticket)
            .WithTags("Flash sales").WithSummary("A flash-sale ticket: queued, placed (with the order and its pay link) or refused");
        return order;
    }

    /// <summary>202 with the ticket (Location: the ticket); 409 sold out or not running; 429 over the per-user limit.</summary>
    public static async Task<Results<Accepted<FlashSaleTicket>, ValidationProblem, ProblemHttpResult>> Buy(
        Guid campaignId, FlashSaleRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, HttpContext context,
        NpgsqlDataSource dataSource, CampaignCatalog campaigns, FlashSaleQuota quota,
        [FromKeyedServices(PlaceTicketOrderCall.LaneName)] OwedCallWorker ticketOrders, IOptions<OrderOptions> options, OrderMetrics metrics,
        TimeProvider time)
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
        var key = idempotencyKey!;
        if (quota.LooksSoldOut(campaignId) && !await CheckoutClaims.ExistsAsync(dataSource, userId, key))
        {
            // Turned away without touching the quota (a key used before goes on: it has a ticket to get back).
            metrics.SoldOutFast();
            return Refused(FlashSaleQuota.SoldOut);
        }

        await quota.EnsureBucketsAsync(campaign);
        var ticketId = Guid.CreateVersion7();
        var admission = await quota.AdmitAsync(campaign, userId, key, CheckoutClaims.Hash(CheckoutPlan.FlashSaleTarget(campaign.Id), checkout),
            request.Quantity, ticketId, PlaceTicketOrderCall.CallKind, new TicketOrder(userId, key, campaign.Id, checkout, time.GetUtcNow()));
        if (admission.Refusal is { } refusal) return Refused(refusal);

        FlashSaleTicket? ticket;
        if (admission.TicketId == ticketId)
        {
            ticketOrders.Wake();
            ticket = new FlashSaleTicket(ticketId, campaign.Id, request.Quantity, FlashSaleTicket.Queued);
        }
        else
        {
            ticket = await FlashSaleTickets.FindAsync(dataSource, userId, admission.TicketId!.Value);
            // A key whose checkout began before flash sales were queued and never finished has no ticket to give back.
            if (ticket is null) return Problems.Conflict("This Idempotency-Key's checkout did not finish; buy again with a new key.", "checkout-unfinished");
        }

        // Pollers are asked to wait a second between looks: the order is placed within a few seconds of the sale's start.
        context.Response.Headers.RetryAfter = "1";
        return TypedResults.Accepted(FlashSaleTicket.Link(ticket.TicketId), ticket);
    }

    /// <summary>200 with the caller's ticket; 404 for a ticket that is not theirs.</summary>
    public static async Task<Results<Ok<FlashSaleTicket>, ProblemHttpResult>> Ticket(Guid ticketId, HttpContext context, NpgsqlDataSource dataSource)
    {
        var ticket = await FlashSaleTickets.FindAsync(dataSource, context.User.UserId(), ticketId);
        if (ticket is null) return Problems.NotFound("No such flash-sale ticket.");
        if (ticket.Status == FlashSaleTicket.Queued) context.Response.Headers.RetryAfter = "1";
        return TypedResults.Ok(ticket);
    }

    private static ProblemHttpResult Refused(CampaignRefusal refusal) => CheckoutResult.Refused(refusal.StatusCode, refusal.Title, refusal.Code).ToProblem();
}
