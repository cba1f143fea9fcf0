using SocialCommerce.Order.Orders;
using SocialCommerce.ServiceDefaults;

namespace SocialCommerce.Order.AfterSales;

public static class RefundRequestStatus
{
    public const string Pending = "pending", Approved = "approved", Rejected = "rejected", Escalated = "escalated";
}

public sealed record RefundRequestLine(Guid SkuId, int Quantity);

/// <param name="Lines">Absent: everything not refunded yet.</param>
public sealed record NewRefundRequest(string? Reason, IReadOnlyList<RefundRequestLine?>? Lines);

public sealed record RefundDecision(string? Note);

public sealed record RefundRequestView(
    Guid RefundRequestId, Guid OrderId, string Status, string Reason, Money Amount, IReadOnlyList<RefundLine> Lines,
    DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt, string? DecisionNote, DateTimeOffset? EscalatedAt);

/// <summary>A refund_requests row as Dapper reads it.</summary>
public sealed class RefundRequestRow
{
    public const string Columns =
        "id, order_id, user_id, merchant_id, status, order_status, reason, amount, lines::text AS lines, created_at, decided_at, decision_note, escalated_at";

    public Guid Id { get; init; }
    public Guid OrderId { get; init; }
    public Guid UserId { get; init; }
    public Guid MerchantId { get; init; }
    public string Status { get; init; } = "";
    public string OrderStatus { get; init; } = "";
    public string Reason { get; init; } = "";
    public long Amount { get; init; }
    public string Lines { get; init; } = "[]";
    public DateTime CreatedAt { get; init; }
    public DateTime? DecidedAt { get; init; }
    public string? DecisionNote { get; init; }
    public DateTime? EscalatedAt { get; init; }

    public RefundRequestView ToView(string currency) => new(
        Id, OrderId, Status, Reason, new Money(Amount, currency), OrderStore.ReadRefundLines(Lines), Utc(CreatedAt),
        DecidedAt is { } decided ? Utc(decided) : null, DecisionNote, EscalatedAt is { } escalated ? Utc(escalated) : null);

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}
