namespace SocialCommerce.Order.Orders;

public sealed record ShippingAddress(string? Name, string? Phone, string? Region, string? Line1);

public sealed record PaymentLink(Guid PaymentId, string PayUrl);

public static class OrderStatus
{
    public const string AwaitingPayment = "awaiting-payment", Paid = "paid", Shipped = "shipped", Delivered = "delivered",
        Completed = "completed", Cancelled = "cancelled", RefundRequested = "refund-requested", Refunding = "refunding",
        Refunded = "refunded", PartiallyRefunded = "partially-refunded";
}

/// <summary>An orders row as Dapper reads it.</summary>
public sealed class OrderRow
{
    public const string Columns =
        """
        id, order_no, user_id, shop_id, merchant_id, status, total, currency, shipping_address::text AS shipping_address,
        referral_code, payment_id, pay_url, paid_amount, refund_committed, refunded_amount, cancel_reason, created_at,
        expires_at, paid_at, shipped_at, delivered_at, completed_at, cancelled_at, campaign_id, team_id
        """;

    public Guid Id { get; init; }
    public string OrderNo { get; init; } = "";
    public Guid UserId { get; init; }
    public Guid ShopId { get; init; }
    public Guid MerchantId { get; init; }
    public string Status { get; init; } = "";
    public long Total { get; init; }
    public string Currency { get; init; } = "";
    public string ShippingAddress { get; init; } = "{}";
    public string? ReferralCode { get; init; }
    public Guid? PaymentId { get; init; }
    public string? PayUrl { get; init; }
    public long PaidAmount { get; init; }
    public long RefundCommitted { get; init; }
    public long RefundedAmount { get; init; }
    public string? CancelReason { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime ExpiresAt { get; init; }
    public DateTime? PaidAt { get; init; }
    public DateTime? ShippedAt { get; init; }
    public DateTime? DeliveredAt { get; init; }
    public DateTime? CompletedAt { get; init; }
    public DateTime? CancelledAt { get; init; }
    public Guid? CampaignId { get; init; }
    public Guid? TeamId { get; init; }
}

public sealed class OrderLineRow
{
    public Guid SkuId { get; init; }
    public Guid ProductId { get; init; }
    public string Title { get; init; } = "";
    public string Attributes { get; init; } = "{}";
    public long UnitPrice { get; init; }
    public int Quantity { get; init; }
    public int RefundedQuantity { get; init; }
}
