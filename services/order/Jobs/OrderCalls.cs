using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.Contracts.Catalog.V1;
using SocialCommerce.Contracts.Payment.V1;
using SocialCommerce.Order.Cancellation;
using SocialCommerce.Order.FlashSales;
using SocialCommerce.Order.Orders;
using SocialCommerce.ServiceDefaults.Messaging;
using PaymentsClient = SocialCommerce.Contracts.Payment.V1.Payments.PaymentsClient;
using StockClient = SocialCommerce.Contracts.Catalog.V1.Stock.StockClient;

namespace SocialCommerce.Order.Jobs;

/// <summary>
/// How each call an order owes (<see cref="OrderTasks"/>) is made by ServiceDefaults' owed-call worker, and what its answer
/// changes. Each is idempotent at the callee: per order id (commit, release), restock id or refund id.
/// </summary>
public static partial class OrderCalls
{
    public static IHostApplicationBuilder AddOrderCalls(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<OwedCallHandler, CommitStockCall>();
        builder.Services.AddScoped<OwedCallHandler, ReleaseStockCall>();
        builder.Services.AddScoped<OwedCallHandler, RestockCall>();
        builder.Services.AddScoped<OwedCallHandler, RefundCall>();
        // Retries fall due on the order's sweep interval, as its timers do.
        builder.AddOwedCalls(services => services.GetRequiredService<IOptions<OrderOptions>>().Value.SweepInterval);
        // Flash-sale tickets' orders, in a lane of their own (FlashSales/PlaceTicketOrderCall). A ticket's endpoint wakes the
        // lane in its process; the poll picks up the others' tickets and retries.
        builder.Services.AddScoped<OwedCallHandler, PlaceTicketOrderCall>();
        var order = builder.Configuration.GetSection("Order").Get<OrderOptions>() ?? new OrderOptions();
        builder.AddOwedCallLane(
            new OwedCallLane(PlaceTicketOrderCall.LaneName, order.FlashSaleOrderParallel, order.FlashSaleOrderParallel * 4, order.FlashSaleOrderLease),
            _ => TimeSpan.FromSeconds(1));
        // Stock commits, one per paid order, in a lane of their own so they keep pace with payments (and refunds and releases
        // do not wait behind a rush of them).
        builder.AddOwedCallLane(
            new OwedCallLane(CommitStockCall.LaneName, order.StockCommitParallel, order.StockCommitParallel * 4, GatherDelay: TimeSpan.FromMilliseconds(20)),
            services => services.GetRequiredService<IOptions<OrderOptions>>().Value.SweepInterval);
        return builder;
    }

    /// <summary>
    /// Paid: catalog sells the reserved units. Paid only after the reservation lapsed (catalog was unreachable past its
    /// expiry): the stock is not the order's to sell any more, so the order is cancelled and the shopper refunded in full.
    /// </summary>
    public sealed partial class CommitStockCall(StockClient stock, OrderMetrics metrics, ILogger<CommitStockCall> logger) : OwedCallHandler
    {
        public const string LaneName = "stock-commit";

        public override string Kind => OrderTasks.CommitStock;

        public override string Lane => LaneName;

        public override async Task<object?> CallAsync(OwedCall call, DateTime deadline, CancellationToken cancellationToken) =>
            await stock.CommitAsync(new OrderRequest { OrderId = call.SubjectId.ToString() }, deadline: deadline, cancellationToken: cancellationToken);

        // Only a commit that found the reservation gone (released, expired) changes the order.
        public override bool HasConsequences(OwedCall call, object? answer) => answer is StockChangeResponse { State: not ReservationState.Committed };

        public override async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, OwedCall call, object? answer, DateTimeOffset now)
        {
            if (answer is not StockChangeResponse { State: not ReservationState.Committed } committed) return;
            LogStockLapsed(call.SubjectId, committed.State.ToString());
            await OrderCancellation.CancelAsync(connection, transaction, call.SubjectId, [OrderStatus.Paid], CancelReasons.StockLapsed, now, metrics,
                restockIfPaid: false);
        }

        [LoggerMessage(Level = LogLevel.Error, Message = "Order {OrderId} was paid but its stock reservation is {State}; cancelling and refunding")]
        private partial void LogStockLapsed(Guid orderId, string state);
    }

    public sealed class ReleaseStockCall(StockClient stock) : OwedCallHandler
    {
        public override string Kind => OrderTasks.ReleaseStock;

        public override async Task<object?> CallAsync(OwedCall call, DateTime deadline, CancellationToken cancellationToken) =>
            await stock.ReleaseAsync(new OrderRequest { OrderId = call.SubjectId.ToString() }, deadline: deadline, cancellationToken: cancellationToken);
    }

    /// <summary>Sold units back on sale (restock id = the refund id).</summary>
    public sealed partial class RestockCall(StockClient stock, ILogger<RestockCall> logger) : OwedCallHandler
    {
        public override string Kind => OrderTasks.Restock;

        public override async Task<object?> CallAsync(OwedCall call, DateTime deadline, CancellationToken cancellationToken)
        {
            var restock = call.Read<RestockPayload>();
            var request = new RestockRequest { OrderId = call.SubjectId.ToString(), RestockId = restock.RestockId.ToString() };
            request.Lines.AddRange(restock.Lines.Select(line => new Line { SkuId = line.SkuId.ToString(), Quantity = line.Quantity }));
            return await stock.RestockAsync(request, deadline: deadline, cancellationToken: cancellationToken);
        }

        public override async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, OwedCall call, object? answer, DateTimeOffset now)
        {
            if (answer is not RestockResponse { Outcome: not RestockOutcome.Restocked } restocked) return;
            // The order was cancelled before its stock commit got through: restock once the sale exists.
            if (restocked.Outcome == RestockOutcome.NotCommitted && await OrderTasks.CommitPendingAsync(connection, transaction, call.SubjectId))
                throw new InvalidOperationException($"Order {call.SubjectId}'s stock commit is still owed; restock waits for it.");
            // Not retryable: the sale never happened (reservation lapsed) or is already returned.
            LogRestockRefused(call.SubjectId, restocked.Outcome.ToString());
        }

        [LoggerMessage(Level = LogLevel.Warning, Message = "Catalog refused to restock order {OrderId}: {Outcome}")]
        private partial void LogRestockRefused(Guid orderId, string outcome);
    }

    /// <summary>Money back through payment-adapter; RefundSucceeded then settles it on the order.</summary>
    public sealed class RefundCall(PaymentsClient payments) : OwedCallHandler
    {
        public override string Kind => OrderTasks.Refund;

        public override async Task<object?> CallAsync(OwedCall call, DateTime deadline, CancellationToken cancellationToken)
        {
            var refund = call.Read<RefundPayload>();
            return await payments.RefundAsync(new RefundRequest
            {
                PaymentId = refund.PaymentId.ToString(),
                RefundId = refund.RefundId.ToString(),
                Amount = new Contracts.Payment.V1.Money { Amount = refund.Amount, Currency = refund.Currency },
                Reason = refund.Reason,
            }, deadline: deadline, cancellationToken: cancellationToken);
        }
    }
}
