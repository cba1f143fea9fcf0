namespace SocialCommerce.Contracts.Events.Payment;

/// <summary>
/// The provider confirmed the money arrived. May come for an order that was cancelled meanwhile (a late payment):
/// order refunds it then.
/// </summary>
public sealed record PaymentSucceeded(Guid PaymentId, Guid OrderId, Guid UserId, long Amount, string Currency, DateTimeOffset SucceededAt);
