using Grpc.Core;
using SocialCommerce.Contracts.Catalog.V1;
using StockClient = SocialCommerce.Contracts.Catalog.V1.Stock.StockClient;

namespace SocialCommerce.Order.Checkout;

/// <summary>
/// Checkout's call to catalog: reserve the lines for the order id and get their quote with it (for sale, one shop, prices in
/// range). Idempotent per order id at catalog; a refusal or a failure leaves nothing reserved.
/// </summary>
public sealed partial class StockReservation(StockClient stock, OrderMetrics metrics, TimeProvider time, ILogger<StockReservation> logger)
{
    /// <summary>A cart checkout's deadline for each catalog call: a shopper waiting longer would rather retry.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// An admitted flash-sale buyer's: the place is already theirs and a rush queues every winner on the SKU's one row in
    /// catalog, so a busy catalog should cost them seconds, not the place (the units would go back and sell to someone else).
    /// </summary>
    public static readonly TimeSpan AdmittedCallTimeout = TimeSpan.FromSeconds(15);

    /// <returns>The quote the order is written from, or why the checkout is refused.</returns>
    public async Task<(QuoteResponse? Quote, CheckoutResult? Refusal)> ReserveAsync(
        Guid orderId, CheckoutRequest request, TimeSpan callTimeout, CancellationToken cancellationToken)
    {
        // One hop: catalog quotes the lines and reserves them in one transaction (with_quote).
        var reserveRequest = new ReserveRequest { OrderId = orderId.ToString(), WithQuote = true };
        reserveRequest.Lines.AddRange(request.Lines!.Select(line => new Line { SkuId = line.SkuId.ToString(), Quantity = line.Quantity }));
        ReserveResponse reserved;
        try
        {
            using (metrics.Step("reserve"))
            {
                reserved = await stock.ReserveAsync(reserveRequest, deadline: Deadline(callTimeout), cancellationToken: cancellationToken);
            }
        }
        catch (RpcException exception)
        {
            // A Reserve that timed out may have reserved: release it (idempotent), or catalog's expiry will.
            LogCatalogFailed(exception, orderId);
            await ReleaseAsync(orderId);
            metrics.Checkout("failed");
            return (null, CheckoutResult.Refused(StatusCodes.Status503ServiceUnavailable, "Stock could not be checked; try again.", "catalog-unavailable"));
        }

        if (reserved.Outcome != ReserveOutcome.Reserved)
        {
            var outOfStock = reserved.Outcome == ReserveOutcome.OutOfStock;
            metrics.Checkout(outOfStock ? "out-of-stock" : "unavailable");
            return (null, CheckoutResult.Refused(StatusCodes.Status409Conflict,
                outOfStock ? "Not enough stock for some items." : "Some items are not for sale.",
                outOfStock ? "out-of-stock" : "unavailable", reserved.FailedSkuIds.Select(Guid.Parse).ToList()));
        }

        var quote = new QuoteResponse { Lines = { reserved.Quoted } };
        if (Refuse(quote) is not { } refused) return (quote, null);
        // Reserved, but not something this platform sells in one order (several shops, a price out of range): give it back.
        await ReleaseAsync(orderId);
        return (null, refused);
    }

    /// <summary>Gives a reservation back; on failure catalog's reservation expiry returns it.</summary>
    public async Task ReleaseAsync(Guid orderId)
    {
        try
        {
            await stock.ReleaseAsync(new OrderRequest { OrderId = orderId.ToString() }, deadline: Deadline(CallTimeout));
        }
        catch (RpcException exception)
        {
            LogReleaseFailed(exception, orderId);
        }
    }

    private CheckoutResult? Refuse(QuoteResponse quote)
    {
        if (quote.Lines.Select(line => line.ShopId).Distinct().Count() > 1)
        {
            metrics.Checkout("several-shops");
            return CheckoutResult.Refused(StatusCodes.Status400BadRequest, "The items come from several shops: check out each shop separately.", "several-shops");
        }

        // Catalog takes no price above Money.MaxAmount, so totals cannot wrap; a row from before that bound is refused here,
        // before anything is reserved.
        if (quote.Lines.Any(line => line.Price.Amount is <= 0 or > ServiceDefaults.Money.MaxAmount))
        {
            metrics.Checkout("price-out-of-range");
            return CheckoutResult.Refused(StatusCodes.Status400BadRequest, "An item's price is outside the range this platform takes.", "price-out-of-range");
        }

        return null;
    }

    private DateTime Deadline(TimeSpan timeout) => time.GetUtcNow().UtcDateTime + timeout;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkout of order {OrderId}: catalog call failed; undone")]
    private partial void LogCatalogFailed(Exception exception, Guid orderId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkout of order {OrderId}: releasing stock failed; catalog's reservation expiry returns it")]
    private partial void LogReleaseFailed(Exception exception, Guid orderId);
}
