namespace SocialCommerce.Contracts.Events.Payment;

/// <summary>
/// The provider returned <paramref name="Amount"/> to the payer. <paramref name="RefundedTotal"/> is everything
/// refunded on the payment so far, never more than it took.
/// </summary>
public sealed record RefundSucceeded(
    Guid RefundId, Guid PaymentId, Guid OrderId, long Amount, string Currency, long RefundedTotal, DateTimeOffset SucceededAt);
