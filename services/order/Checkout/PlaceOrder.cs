using System.Diagnostics;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.Contracts.Catalog.V1;
using SocialCommerce.Contracts.Payment.V1;
using SocialCommerce.Order.Orders;
using StockClient = SocialCommerce.Contracts.Catalog.V1.Stock.StockClient;
using PaymentsClient = SocialCommerce.Contracts.Payment.V1.Payments.PaymentsClient;

namespace SocialCommerce.Order.Checkout;

/// <summary>
/// Checkout as a compensating flow, not a distributed transaction: quote and reserve stock in catalog, write the
/// order with OrderPlaced in one local transaction, open the payment in payment-adapter. A step that fails undoes
/// the ones before it (the reservation is released, the order cancelled). Every remote step is idempotent per order
/// id, so a retry after a crash resumes the same order rather than placing a second one.
/// </summary>
public sealed partial class PlaceOrder(
    NpgsqlDataSource dataSource, StockClient stock, PaymentsClient payments, OrderWriter orders, IOptions<OrderOptions> options,
    TimeProvider time, ILogger<PlaceOrder> logger)
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    // Opening a payment is two hops (payment-adapter, then the provider) and comes last, when a flash-sale winner
    // already holds a place: a slow provider during a rush should cost time, not the place.
    private static readonly TimeSpan PaymentCallTimeout = TimeSpan.FromSeconds(10);

    public async Task<CheckoutResult> PlaceAsync(
        Guid userId, string key, CheckoutRequest request, CancellationToken cancellationToken, CheckoutPlan? plan = null)
    {
        plan ??= CheckoutPlan.Cart;
        var hash = CheckoutClaims.Hash(plan.Target, request);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        using (OrderMetrics.Step("lock"))
        {
            await CheckoutClaims.LockAsync(connection, userId, key, cancellationToken);
        }

        try
        {
            CheckoutClaim claim;
            using (OrderMetrics.Step("claim"))
            {
                claim = await CheckoutClaims.FindOrCreateAsync(connection, userId, key, hash, time.GetUtcNow());
            }

            if (claim.RequestHash != hash)
            {
                OrderMetrics.Checkout("key-reused");
                return CheckoutResult.Refused(StatusCodes.Status422UnprocessableEntity,
                    "This Idempotency-Key was used for a different checkout.", "idempotency-key-reused");
            }

            if (claim.Response is not null)
            {
                OrderMetrics.Checkout("replayed");
                return CheckoutClaims.Read(claim.Response);
            }

            var result = await RunAsync(connection, claim.OrderId, userId, request, plan, cancellationToken);
            using var answerStep = OrderMetrics.Step("answer");
            if (result.IsFinal) await CheckoutClaims.CompleteAsync(connection, userId, key, result);
            else await CheckoutClaims.ForgetAsync(connection, userId, key);
            return result;
        }
        finally
        {
            await CheckoutClaims.UnlockAsync(connection, userId, key);
        }
    }

    // Every database step uses the one connection that holds the key's lock (see OrderWriter.FindAsync).
    private async Task<CheckoutResult> RunAsync(
        NpgsqlConnection connection, Guid orderId, Guid userId, CheckoutRequest request, CheckoutPlan plan, CancellationToken cancellationToken)
    {
        var order = await orders.FindAsync(orderId, connection);
        if (order is null)
        {
            var placed = await ReserveAndWriteAsync(connection, orderId, userId, request, plan, cancellationToken);
            if (placed.Order is null) return placed.Refusal!;
            order = placed.Order;
        }
        else if (order.Status == OrderStatus.Cancelled)
        {
            return CheckoutResult.Refused(StatusCodes.Status409Conflict, "The order of this checkout was cancelled.", "order-cancelled");
        }
        else if (order is { Status: not OrderStatus.AwaitingPayment, PaymentId: { } paymentId, PayUrl: { } payUrl })
        {
            // Resumed after the order was already paid (the first attempt crashed before storing its answer).
            return Placed(order, paymentId, payUrl);
        }

        return await OpenPaymentAsync(connection, order, cancellationToken);
    }

    private async Task<(OrderRow? Order, CheckoutResult? Refusal)> ReserveAndWriteAsync(
        NpgsqlConnection connection, Guid orderId, Guid userId, CheckoutRequest request, CheckoutPlan plan, CancellationToken cancellationToken)
    {
        if (plan.BeforeReserve is { } gate && await gate(connection, orderId, userId) is { } refused) return (null, refused);
        var placed = await ReserveAndWriteOrderAsync(connection, orderId, userId, request, plan, cancellationToken);
        if (placed.Order is null && plan.Abandoned is { } undo)
        {
            try
            {
                await undo(connection, orderId);
            }
            catch (NpgsqlException exception)
            {
                LogUndoFailed(exception, orderId);
            }
        }

        return placed;
    }

    private async Task<(OrderRow? Order, CheckoutResult? Refusal)> ReserveAndWriteOrderAsync(
        NpgsqlConnection connection, Guid orderId, Guid userId, CheckoutRequest request, CheckoutPlan plan, CancellationToken cancellationToken)
    {
        var lines = request.Lines!.Select(line => new Line { SkuId = line.SkuId.ToString(), Quantity = line.Quantity }).ToList();
        QuoteResponse quote;
        ReserveResponse reserved;
        try
        {
            var quoteRequest = new QuoteRequest();
            quoteRequest.Lines.AddRange(lines);
            using (OrderMetrics.Step("quote"))
            {
                quote = await stock.QuoteAsync(quoteRequest, deadline: Deadline(), cancellationToken: cancellationToken);
            }

            if (quote.Unavailable.Count > 0)
            {
                OrderMetrics.Checkout("unavailable");
                return (null, CheckoutResult.Refused(StatusCodes.Status409Conflict, "Some items are not for sale.", "unavailable",
                    quote.Unavailable.Select(Guid.Parse).ToList()));
            }

            if (quote.Lines.Select(line => line.ShopId).Distinct().Count() > 1)
            {
                OrderMetrics.Checkout("several-shops");
                return (null, CheckoutResult.Refused(StatusCodes.Status400BadRequest,
                    "The items come from several shops: check out each shop separately.", "several-shops"));
            }

            // Catalog takes no price above Money.MaxAmount, so totals cannot wrap; a row from before that bound is refused
            // here, before anything is reserved.
            if (quote.Lines.Any(line => line.Price.Amount is <= 0 or > ServiceDefaults.Money.MaxAmount))
            {
                OrderMetrics.Checkout("price-out-of-range");
                return (null, CheckoutResult.Refused(StatusCodes.Status400BadRequest,
                    "An item's price is outside the range this platform takes.", "price-out-of-range"));
            }

            var reserveRequest = new ReserveRequest { OrderId = orderId.ToString() };
            reserveRequest.Lines.AddRange(lines);
            using (OrderMetrics.Step("reserve"))
            {
                reserved = await stock.ReserveAsync(reserveRequest, deadline: Deadline(), cancellationToken: cancellationToken);
            }
        }
        catch (RpcException exception)
        {
            // A Reserve that timed out may have reserved: release it (idempotent), or catalog's expiry will.
            LogCatalogFailed(exception, orderId);
            await TryReleaseAsync(orderId);
            OrderMetrics.Checkout("failed");
            return (null, CheckoutResult.Refused(StatusCodes.Status503ServiceUnavailable, "Stock could not be checked; try again.", "catalog-unavailable"));
        }

        if (reserved.Outcome != ReserveOutcome.Reserved)
        {
            var outOfStock = reserved.Outcome == ReserveOutcome.OutOfStock;
            OrderMetrics.Checkout(outOfStock ? "out-of-stock" : "unavailable");
            return (null, CheckoutResult.Refused(StatusCodes.Status409Conflict,
                outOfStock ? "Not enough stock for some items." : "Some items are not for sale.",
                outOfStock ? "out-of-stock" : "unavailable", reserved.FailedSkuIds.Select(Guid.Parse).ToList()));
        }

        (OrderRow? Order, CheckoutResult? Refusal) written;
        using (OrderMetrics.Step("write"))
        {
            written = await orders.WriteAsync(connection, orderId, userId, request, quote, plan.PaymentTimeout ?? options.Value.PaymentTimeout, plan);
        }

        if (written.Order is not { } order)
        {
            // Refused inside the order's transaction (e.g. the team filled up): nothing was written, give the stock back.
            await TryReleaseAsync(orderId);
            return (null, written.Refusal);
        }

        OrderMetrics.OrderPlaced();
        return (order, null);
    }

    private async Task<CheckoutResult> OpenPaymentAsync(NpgsqlConnection connection, OrderRow order, CancellationToken cancellationToken)
    {
        PaymentReply payment;
        using var step = OrderMetrics.Step("payment");
        try
        {
            payment = await payments.CreatePaymentAsync(new CreatePaymentRequest
            {
                OrderId = order.Id.ToString(),
                UserId = order.UserId.ToString(),
                Amount = new Contracts.Payment.V1.Money { Amount = order.Total, Currency = order.Currency },
                Description = $"SocialCommerce order {order.OrderNo}",
            }, deadline: time.GetUtcNow().UtcDateTime + PaymentCallTimeout, cancellationToken: cancellationToken);
        }
        catch (RpcException exception)
        {
            LogPaymentFailed(exception, order.Id);
            await orders.CancelAsync(order.Id, [OrderStatus.AwaitingPayment], CancelReasons.CheckoutFailed, connection);
            OrderMetrics.Checkout("failed");
            return CheckoutResult.Refused(StatusCodes.Status503ServiceUnavailable, "Payment could not be opened; try again.", "payment-unavailable");
        }

        var paymentId = Guid.Parse(payment.PaymentId);
        await OrderWriter.AttachPaymentAsync(connection, order.Id, paymentId, payment.PayUrl);
        OrderMetrics.Checkout("placed");
        Activity.Current?.SetTag("order.id", order.Id);
        return Placed(order, paymentId, payment.PayUrl);
    }

    private static CheckoutResult Placed(OrderRow order, Guid paymentId, string payUrl) =>
        CheckoutResult.Placed(new CheckoutResponse(
            order.Id, order.OrderNo, order.Status, new ServiceDefaults.Money(order.Total, order.Currency),
            new PaymentLink(paymentId, payUrl), new DateTimeOffset(order.ExpiresAt, TimeSpan.Zero), order.TeamId));

    private async Task TryReleaseAsync(Guid orderId)
    {
        try
        {
            await stock.ReleaseAsync(new OrderRequest { OrderId = orderId.ToString() }, deadline: Deadline());
        }
        catch (RpcException exception)
        {
            LogReleaseFailed(exception, orderId);
        }
    }

    private DateTime Deadline() => time.GetUtcNow().UtcDateTime + CallTimeout;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkout of order {OrderId}: catalog call failed; undone")]
    private partial void LogCatalogFailed(Exception exception, Guid orderId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkout of order {OrderId}: opening the payment failed; order cancelled")]
    private partial void LogPaymentFailed(Exception exception, Guid orderId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkout of order {OrderId}: undoing its admission failed; the admission sweep returns it")]
    private partial void LogUndoFailed(Exception exception, Guid orderId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkout of order {OrderId}: releasing stock failed; catalog's reservation expiry returns it")]
    private partial void LogReleaseFailed(Exception exception, Guid orderId);
}
