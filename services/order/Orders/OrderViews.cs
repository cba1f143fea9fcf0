using SocialCommerce.ServiceDefaults;

namespace SocialCommerce.Order.Orders;

public sealed record OrderView(
    Guid OrderId, string OrderNo, string Status, Money Total, Money Paid, Money Refunded, ShippingAddress ShippingAddress,
    IReadOnlyList<OrderLineView> Lines, IReadOnlyList<StatusChange> History, ShipmentView? Shipment,
    IReadOnlyList<RefundView> Refunds, PaymentLink? Payment, string? CancelReason, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    Guid ShopId);

public sealed record OrderLineView(
    Guid SkuId, Guid ProductId, string Title, IReadOnlyDictionary<string, string> Attributes, Money UnitPrice, int Quantity, int RefundedQuantity);

public sealed record StatusChange(string Status, string? Note, DateTimeOffset At);

public sealed record ShipmentView(string Carrier, string TrackingNo, DateTimeOffset ShippedAt, IReadOnlyList<TrackingEventView> Events);

public sealed record TrackingEventView(string Status, string Description, DateTimeOffset OccurredAt);

public sealed record RefundView(Guid RefundId, string Kind, Money Amount, string Status, DateTimeOffset CreatedAt, DateTimeOffset? SucceededAt);

public sealed record OrderSummary(Guid OrderId, string OrderNo, string Status, Money Total, int ItemCount, string Title, DateTimeOffset CreatedAt);

public sealed record OrderPage(IReadOnlyList<OrderSummary> Items, string? NextCursor);
