namespace SocialCommerce.Contracts.Events.Order;

/// <param name="Reason">expired (unpaid in time), shopper, payment-failed, checkout-failed or stock-lapsed.</param>
/// <param name="WasPaid">The order had been paid: its money goes back as a RefundCompleted follows.</param>
public sealed record OrderCancelled(Guid OrderId, Guid UserId, string Reason, bool WasPaid, DateTimeOffset CancelledAt);
