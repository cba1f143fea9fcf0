namespace SocialCommerce.Contracts.Events.Order;

/// <summary>
/// Money went back to the shopper. <paramref name="RefundedTotal"/> is all the order has refunded so far, so a
/// consumer can claw back proportionally without summing events; <paramref name="Lines"/> lists the refunded
/// quantities (every line for a cancelled paid order).
/// </summary>
/// <param name="Kind">
/// after-sales (an approved request), cancellation (a paid order cancelled before shipment) or late-payment (money that
/// arrived for an order already cancelled: it bought nothing, so there is no commission to claw back for it).
/// </param>
public sealed record RefundCompleted(
    Guid RefundId, Guid OrderId, Guid UserId, string Kind, long Amount, string Currency, long RefundedTotal, long OrderTotal,
    IReadOnlyList<RefundedLine> Lines, DateTimeOffset CompletedAt);

/// <param name="ProductId">The SKU's product (set since reviews mark fully refunded purchases; null in older events).</param>
public sealed record RefundedLine(Guid SkuId, int Quantity, long Amount, Guid? ProductId = null);
