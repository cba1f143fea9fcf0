using System.Text.Json;
using Dapper;
using Npgsql;
using SocialCommerce.Contracts.Catalog.V1;
using SocialCommerce.Contracts.Events.Order;
using SocialCommerce.Order.AfterSales;
using SocialCommerce.Order.Checkout;
using SocialCommerce.Order.FlashSales;
using SocialCommerce.Order.GroupBuys;
using SocialCommerce.Order.Jobs;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Order.Orders;

/// <summary>Placing, paying for and cancelling orders: each a local transaction with its events and owed calls.</summary>
public sealed class OrderWriter(NpgsqlDataSource dataSource, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="connection">
    /// Checkout passes the connection it already holds (with the Idempotency-Key's lock): taking a second one from the pool
    /// while holding the first would, under load, leave every request holding one and waiting for another.
    /// </param>
    public async Task<OrderRow?> FindAsync(Guid orderId, NpgsqlConnection? connection = null)
    {
        await using var owned = connection is null ? await dataSource.OpenConnectionAsync() : null;
        return await (connection ?? owned)!.QuerySingleOrDefaultAsync<OrderRow>($"SELECT {OrderRow.Columns} FROM orders WHERE id = @orderId", new { orderId });
    }

    /// <summary>
    /// The order, its lines (prices as quoted, or the campaign's), its first history row and OrderPlaced; bought SKUs leave
    /// the cart. The plan's hook runs in the same transaction and may refuse, rolling everything back.
    /// </summary>
    public async Task<(OrderRow? Order, CheckoutResult? Refusal)> WriteAsync(
        NpgsqlConnection connection, Guid orderId, Guid userId, CheckoutRequest request, QuoteResponse quote, TimeSpan paymentTimeout, CheckoutPlan plan)
    {
        var now = time.GetUtcNow();
        var lines = quote.Lines.Select(line => new
        {
            orderId,
            skuId = Guid.Parse(line.SkuId),
            productId = Guid.Parse(line.ProductId),
            line.Title,
            attributes = JsonSerializer.Serialize(line.Attributes, Json),
            unitPrice = plan.UnitPrice ?? line.Price.Amount,
            line.Quantity,
        }).ToList();
        var first = quote.Lines[0];
        await using var transaction = await connection.BeginTransactionAsync();
        var order = await connection.QuerySingleAsync<OrderRow>(
            $"""
            INSERT INTO orders (id, order_no, user_id, shop_id, merchant_id, status, total, currency, shipping_address, referral_code,
                                created_at, expires_at, updated_at, campaign_id)
            VALUES (@orderId, to_char(@now AT TIME ZONE 'Asia/Shanghai', 'YYMMDD') || lpad(nextval('order_numbers')::text, 8, '0'),
                    @userId, @shopId, @merchantId, 'awaiting-payment', @total, @currency, @address::jsonb, @referralCode, @now, @expiresAt, @now,
                    @campaignId)
            RETURNING {OrderRow.Columns}
            """,
            new
            {
                orderId, now, userId, shopId = Guid.Parse(first.ShopId), merchantId = Guid.Parse(first.MerchantId),
                total = lines.Sum(line => line.unitPrice * line.Quantity), currency = first.Price.Currency,
                address = JsonSerializer.Serialize(request.ShippingAddress, Json), referralCode = request.ReferralCode,
                expiresAt = now + paymentTimeout, campaignId = plan.CampaignId,
            },
            transaction);
        await connection.ExecuteAsync(
            """
            INSERT INTO order_lines (order_id, sku_id, product_id, title, attributes, unit_price, quantity)
            VALUES (@orderId, @skuId, @productId, @Title, @attributes::jsonb, @unitPrice, @Quantity)
            """,
            lines, transaction);
        if (plan.WithinWrite is { } hook && await hook(connection, transaction, order) is { } refusal)
        {
            await transaction.RollbackAsync();
            return (null, refusal);
        }

        order = (await OrderTransitions.LockAsync(connection, transaction, orderId))!;
        await OrderTransitions.RecordAsync(connection, transaction, orderId, OrderStatus.AwaitingPayment, null, now);
        await connection.ExecuteAsync(
            """
            UPDATE carts SET updated_at = @now, lines = coalesce(
                (SELECT jsonb_agg(line) FROM jsonb_array_elements(lines) line WHERE NOT ((line->>'skuId')::uuid = ANY(@skuIds))), '[]')
            WHERE user_id = @userId
            """,
            new { now, userId, skuIds = lines.Select(line => line.skuId).ToArray() }, transaction);
        await Outbox.AddAsync(connection, transaction, new OrderPlaced(
            order.Id, order.OrderNo, userId, order.ShopId, order.Total, order.Currency,
            lines.Select(line => new OrderLine(line.skuId, line.productId, line.Quantity, line.unitPrice)).ToList(),
            order.ReferralCode, now, new DateTimeOffset(order.ExpiresAt, TimeSpan.Zero)));
        await transaction.CommitAsync();
        return (order, null);
    }

    public static Task AttachPaymentAsync(NpgsqlConnection connection, Guid orderId, Guid paymentId, string payUrl) =>
        connection.ExecuteAsync(
            "UPDATE orders SET payment_id = @paymentId, pay_url = @payUrl WHERE id = @orderId AND payment_id IS NULL",
            new { orderId, paymentId, payUrl });

    /// <summary>Cancels the order if it is still in one of <paramref name="from"/>; null when it was not.</summary>
    public async Task<OrderRow?> CancelAsync(Guid orderId, string[] from, string reason, NpgsqlConnection? connection = null)
    {
        await using var owned = connection is null ? await dataSource.OpenConnectionAsync() : null;
        connection ??= owned!;
        await using var transaction = await connection.BeginTransactionAsync();
        var cancelled = await CancelAsync(connection, transaction, orderId, from, reason, time.GetUtcNow());
        await transaction.CommitAsync();
        return cancelled;
    }

    /// <summary>
    /// Unpaid: the reservation is released. Paid (not shipped): everything not yet refunded goes back, and the sold
    /// stock is put back on sale. Both as owed calls, in this transaction.
    /// </summary>
    /// <param name="restockIfPaid">False when the paid order's stock was never sold (its reservation lapsed).</param>
    public static async Task<OrderRow?> CancelAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId, string[] from, string reason, DateTimeOffset now,
        bool restockIfPaid = true)
    {
        var before = await OrderTransitions.LockAsync(connection, transaction, orderId);
        if (before is null || !from.Contains(before.Status)) return null;
        var order = (await OrderTransitions.MoveAsync(connection, transaction, orderId, [before.Status], OrderStatus.Cancelled, now,
            note: reason, set: "cancel_reason = @reason, cancelled_at = @now", args: new { reason }))!;
        var wasPaid = before.Status == OrderStatus.Paid;
        if (before.TeamId is not null) await GroupBuyTeams.MemberLeftAsync(connection, transaction, before);
        if (wasPaid)
        {
            var lines = await OrderReader.LinesAsync(connection, orderId, transaction);
            var remaining = lines.Where(line => line.RefundedQuantity < line.Quantity)
                .Select(line => new RefundLine(line.SkuId, line.Quantity - line.RefundedQuantity, (line.Quantity - line.RefundedQuantity) * line.UnitPrice))
                .ToList();
            await Refunds.OpenAsync(connection, transaction, order, order.PaymentId!.Value, RefundKinds.Cancellation,
                order.PaidAmount - order.RefundCommitted, remaining, null, restockIfPaid, now);
        }
        else
        {
            await OrderTasks.ReleaseStockAsync(connection, transaction, orderId, now);
            // An unpaid flash-sale order gives its place back; a paid one was sold, and its refund restocks catalog instead.
            if (before.CampaignId is not null && await FlashSaleQuota.ReturnAsync(connection, transaction, orderId, ["held", "ordered"], now))
            {
                FlashSaleMetrics.Returned("cancelled");
            }
        }

        await Outbox.AddAsync(connection, transaction, new OrderCancelled(orderId, order.UserId, reason, wasPaid, now));
        OrderMetrics.OrderCancelled(reason);
        return order;
    }
}
