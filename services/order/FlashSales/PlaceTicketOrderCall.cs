using Microsoft.Extensions.Options;
using SocialCommerce.Order.Campaigns;
using SocialCommerce.Order.Checkout;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Order.FlashSales;

/// <summary>What a flash-sale ticket's owed call needs to place its order: the checkout as the buyer asked for it.</summary>
public sealed record TicketOrder(Guid UserId, string Key, Guid CampaignId, CheckoutRequest Request, DateTimeOffset AdmittedAt);

/// <summary>
/// Places a flash-sale ticket's order (<see cref="PlaceOrder"/> with the ticket's plan: reserve at catalog, write the order,
/// open the payment, store the answer on the key's claim), in a lane of the owed-call worker of its own so that a sale's
/// thousand orders neither wait behind nor hold up the order's other calls. The lane's parallelism is the rate the
/// platform is asked to sustain. An answer that may change (catalog or payment-adapter unreachable) is thrown, so the call
/// is made again after a short backoff; a crash anywhere is a call made again, which resumes the same order id.
/// </summary>
public sealed class PlaceTicketOrderCall(
    PlaceOrder placeOrder, CampaignCatalog campaigns, IOptions<OrderOptions> options, OrderMetrics metrics, TimeProvider time)
    : OwedCallHandler
{
    public const string CallKind = "place-flash-sale-order";
    public const string LaneName = "flash-sale";

    public override string Kind => CallKind;

    public override string Lane => LaneName;

    // One checkout's own deadlines (two catalog calls, then payment-adapter) fit in the worker's longest.
    public override TimeSpan CallTimeout => OwedCallWorker.MaxCallTimeout;

    public override async Task<object?> CallAsync(OwedCall call, DateTime deadline, CancellationToken cancellationToken)
    {
        var ticket = call.Read<TicketOrder>();
        var campaign = await campaigns.FindAsync(ticket.CampaignId, cancellationToken)
            ?? throw new InvalidOperationException($"Campaign {ticket.CampaignId} of ticket {call.SubjectId} is unknown.");
        var plan = CheckoutPlan.FlashSale(campaign, options.Value.FlashSalePaymentTimeout, ticket.AdmittedAt + options.Value.FlashSalePaymentTimeout);
        var result = await placeOrder.PlaceAsync(ticket.UserId, ticket.Key, ticket.Request, cancellationToken, plan);
        if (!result.IsFinal) throw new TicketNotPlacedYet(result.Problem!.Code);
        metrics.TicketAnswered(result.Order is null ? "refused" : "placed", time.GetUtcNow() - ticket.AdmittedAt);
        return null;
    }

    /// <summary>Retries come soon: the buyer is watching the ticket.</summary>
    public override TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(30, 1 << Math.Min(attempts, 5)));

    private sealed class TicketNotPlacedYet(string code) : Exception($"The ticket's order could not be placed yet ({code}).");
}
