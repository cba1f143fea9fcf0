namespace SocialCommerce.Contracts.Events.Referral;

/// <summary>
/// Part of an accrual was clawed back: <paramref name="Amount"/> (positive) comes off the beneficiary's frozen or, once settled,
/// available balance, which may go below zero until later commission repays it. <paramref name="Cause"/> is "refund" (the
/// order was refunded; <paramref name="RefundId"/> names the refund) or "fraud" (an admin confirmed a fraud flag on the
/// order's chain; RefundId is empty).
/// </summary>
public sealed record CommissionReversed(
    Guid EntryId, Guid AccrualId, Guid OrderId, Guid BeneficiaryId, int Tier, long Amount, string Currency, Guid RefundId, DateTimeOffset ReversedAt,
    string Cause = "refund");
