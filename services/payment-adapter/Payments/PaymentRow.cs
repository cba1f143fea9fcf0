namespace SocialCommerce.PaymentAdapter.Payments;

public static class PaymentStatus
{
    public const string Pending = "pending", Succeeded = "succeeded", Failed = "failed", PartiallyRefunded = "partially-refunded", Refunded = "refunded";
}

/// <summary>A payments row as Dapper reads it.</summary>
public sealed class PaymentRow
{
    public const string Columns =
        "id, order_id, user_id, amount, currency, description, provider, provider_payment_id, pay_url, status, refund_committed, refunded_amount, created_at";

    public Guid Id { get; init; }
    public Guid OrderId { get; init; }
    public Guid UserId { get; init; }
    public long Amount { get; init; }
    public string Currency { get; init; } = "";
    public string Description { get; init; } = "";
    public string Provider { get; init; } = "";
    public string? ProviderPaymentId { get; init; }
    public string? PayUrl { get; init; }
    public string Status { get; init; } = "";
    public long RefundCommitted { get; init; }
    public long RefundedAmount { get; init; }
    public DateTime CreatedAt { get; init; }
}

public sealed class RefundRow
{
    public Guid Id { get; init; }
    public Guid PaymentId { get; init; }
    public long Amount { get; init; }
    public string Status { get; init; } = "";
}
