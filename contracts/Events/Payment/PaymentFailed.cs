namespace SocialCommerce.Contracts.Events.Payment;

/// <summary>The payer declined or the provider refused the payment; nothing was charged.</summary>
public sealed record PaymentFailed(Guid PaymentId, Guid OrderId, string Reason, DateTimeOffset FailedAt);
