using System.Diagnostics;
using Grpc.Core;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.Contracts.Payment.V1;
using SocialCommerce.Order.Campaigns;
using SocialCommerce.Order.Cancellation;
using SocialCommerce.Order.Orders;
using SocialCommerce.ServiceDefaults.Auth;
using PaymentsClient = SocialCommerce.Contracts.Payment.V1.Payments.PaymentsClient;

namespace SocialCommerce.Order.Checkout;

/// <summary>
/// Checkout as a compensating flow, not a distributed transaction: claim the Idempotency-Key, quote and reserve stock in
/// catalog, write the order with OrderPlaced in one local transaction (<see cref="OrderPlacement"/>), open the payment in
/// payment-adapter. A step that fails undoes the ones before it (the reservation released, the order cancelled). Every
/// remote step is idempotent per order id, so a retry after a crash resumes the same order rather than placing a second
/// one. Group-buys check out through here with their <see cref="CheckoutPlan"/>; a flash-sale ticket's owed call does too
/// (its key claimed and units admitted when the buyer was answered), and keeps what it has through failures that may pass.
/// </summary>
public sealed partial class PlaceOrder(
    NpgsqlDataSource dataSource, StockReservation stock, PaymentsClient payments, OrderPlacement placement, FlashSaleQuota quota,
    OrderCancellation cancellation, OrderMetrics metrics, TimeProvider time, ILogger<PlaceOrder> logger)
{
    // Opening a payment is two hops (payment-adapter, then the provider) and comes last, when a flash-sale winner
    // already holds a place: a slow provider during a rush should cost time, not the place.
    private static readonly TimeSpan PaymentCallTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// POST /api/order/orders: the cart's checkout. 201 with the order and its pay URL; 409 out of stock or not for sale; 422 when the
    /// Idempotency-Key was used for another body; 503 when catalog or payment-adapter is down (everything undone; retry with the same key).
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
        return result.ToProblem();
    }

    public async Task<CheckoutResult> PlaceAsync(
        Guid userId, string key, CheckoutRequest request, CancellationToken cancellationToken, CheckoutPlan? plan = null)
    {
        plan ??= CheckoutPlan.Cart;
        var hash = CheckoutClaims.Hash(plan.Target, request);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        CheckoutClaim claim;
        OrderRow? order;
        using (metrics.Step("claim"))
        {
            (claim, order) = await CheckoutClaims.LockAndClaimAsync(connection, userId, key, hash, Guid.CreateVersion7(), time.GetUtcNow(), cancellationToken);
        }

        var finished = false;
        try
        {
            if (claim.RequestHash != hash || claim.Response is not null)
            {
                finished = true;
                await CheckoutClaims.FinishAsync(connection, userId, key);
                var reused = claim.RequestHash != hash;
                metrics.Checkout(reused ? "key-reused" : "replayed");
                return reused
                    ? CheckoutResult.Refused(StatusCodes.Status422UnprocessableEntity, "This Idempotency-Key was used for a different checkout.", "idempotency-key-reused")
                    : CheckoutClaims.Read(claim.Response!);
            }

            var (result, attach) = await RunAsync(connection, claim.OrderId, order, userId, request, plan, cancellationToken);
            using var answerStep = metrics.Step("answer");
            finished = true;
            // A ticket's claim is kept through a failure that may pass: its owed call tries again under it.
            await CheckoutClaims.FinishAsync(connection, userId, key, result.IsFinal ? result : null, forget: !result.IsFinal && !plan.Queued, attach);
            return result;
        }
        finally
        {
            if (!finished) await CheckoutClaims.FinishAsync(connection, userId, key);
        }
    }

    // Every database step uses the one connection that holds the key's lock.
    private async Task<(CheckoutResult Result, CheckoutClaims.PaymentAttachment? Attach)> RunAsync(
        NpgsqlConnection connection, Guid orderId, OrderRow? order, Guid userId, CheckoutRequest request, CheckoutPlan plan,
        CancellationToken cancellationToken)
    {
        if (order is null && plan.LapsesAt <= time.GetUtcNow())
        {
            // A ticket whose order could not be written in time (catalog down for minutes): the buyer could not pay in time anyway.
            await quota.AbandonAsync(connection, plan.Campaign!.Id, orderId, "lapsed");
            metrics.Checkout("lapsed");
            return (CheckoutResult.Refused(StatusCodes.Status409Conflict, "This flash-sale place lapsed before its order could be written.", "admission-lapsed"), null);
        }

        if (order is null)
        {
            var placed = await WriteNewOrderAsync(connection, orderId, userId, request, plan, cancellationToken);
            if (placed.Order is null) return (placed.Refusal!, null);
            order = placed.Order;
        }
        else if (order.Status == OrderStatus.Cancelled)
        {
            return (CheckoutResult.Refused(StatusCodes.Status409Conflict, "The order of this checkout was cancelled.", "order-cancelled"), null);
        }
        else if (order is { Status: not OrderStatus.AwaitingPayment, PaymentId: { } paymentId, PayUrl: { } payUrl })
        {
            // Resumed after the order was already paid (the first attempt crashed before storing its answer).
            return (Placed(order, paymentId, payUrl), null);
        }

        return await OpenPaymentAsync(connection, order, plan, cancellationToken);
    }

    private async Task<(OrderRow? Order, CheckoutResult? Refusal)> WriteNewOrderAsync(
        NpgsqlConnection connection, Guid orderId, Guid userId, CheckoutRequest request, CheckoutPlan plan, CancellationToken cancellationToken)
    {
        // A flash-sale ticket was admitted before the buyer was answered, so only admitted buyers reach the SKU's row in catalog.
        var placed = await ReserveAndWriteAsync(connection, orderId, userId, request, plan, cancellationToken);
        if (placed is { Order: null, Refusal.IsFinal: true } && plan.Seat == CampaignSeat.FlashSale)
        {
            // If this throws, the owed call is made again and gets here again: the units are never left held without a call.
            await quota.AbandonAsync(connection, plan.Campaign!.Id, orderId, "refused");
        }

        return placed;
    }

    private async Task<(OrderRow? Order, CheckoutResult? Refusal)> ReserveAndWriteAsync(
        NpgsqlConnection connection, Guid orderId, Guid userId, CheckoutRequest request, CheckoutPlan plan, CancellationToken cancellationToken)
    {
        var callTimeout = plan.Seat == CampaignSeat.FlashSale ? StockReservation.AdmittedCallTimeout : StockReservation.CallTimeout;
        var (quote, refusal) = await stock.ReserveAsync(orderId, request, callTimeout, cancellationToken);
        if (quote is null) return (null, refusal);

        (OrderRow? Order, CheckoutResult? Refusal) written;
        using (metrics.Step("write"))
        {
            written = await placement.WriteAsync(connection, orderId, userId, request, quote, plan);
        }

        if (written.Order is null)
        {
            // Refused inside the order's transaction (e.g. the team filled up): nothing was written, give the stock back.
            await stock.ReleaseAsync(orderId);
            return written;
        }

        metrics.OrderPlaced();
        return written;
    }

    /// <returns>The answer, and the payment to attach to the order with it (in <see cref="CheckoutClaims.FinishAsync"/>).</returns>
    private async Task<(CheckoutResult, CheckoutClaims.PaymentAttachment?)> OpenPaymentAsync(
        NpgsqlConnection connection, OrderRow order, CheckoutPlan plan, CancellationToken cancellationToken)
    {
        PaymentReply payment;
        using var step = metrics.Step("payment");
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
            LogPaymentFailed(exception, order.Id, plan.Queued ? "kept for the next attempt" : "order cancelled");
            // A ticket keeps its order and tries again; the payment deadline cancels it if payment-adapter stays away.
            if (!plan.Queued) await cancellation.CancelAsync(order.Id, [OrderStatus.AwaitingPayment], CancelReasons.CheckoutFailed, connection);
            metrics.Checkout("failed");
            return (CheckoutResult.Refused(StatusCodes.Status503ServiceUnavailable, "Payment could not be opened; try again.", "payment-unavailable"), null);
        }

        var paymentId = Guid.Parse(payment.PaymentId);
        metrics.Checkout("placed");
        Activity.Current?.SetTag("order.id", order.Id);
        return (Placed(order, paymentId, payment.PayUrl), new CheckoutClaims.PaymentAttachment(order.Id, paymentId, payment.PayUrl));
    }

    private static CheckoutResult Placed(OrderRow order, Guid paymentId, string payUrl) =>
        CheckoutResult.Placed(new CheckoutResponse(
            order.Id, order.OrderNo, order.Status, new ServiceDefaults.Money(order.Total, order.Currency),
            new PaymentLink(paymentId, payUrl), new DateTimeOffset(order.ExpiresAt, TimeSpan.Zero), order.TeamId));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkout of order {OrderId}: opening the payment failed; {Outcome}")]
    private partial void LogPaymentFailed(Exception exception, Guid orderId, string outcome);
}
