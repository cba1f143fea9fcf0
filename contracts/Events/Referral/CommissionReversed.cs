namespace SocialCommerce.Contracts.Events.Referral;

/// <summary>
/// Part of an accrual was clawed back because its order was refunded: <paramref name="Amount"/> (positive) comes off the
/// beneficiary's frozen or, once settled, available balance, which may go below zero until later commission repays it.
/// </summary>
public sealed record CommissionReversed(
    Guid EntryId, Guid AccrualId, Guid OrderId, Guid BeneficiaryId, int Tier, long Amount, string Currency, Guid RefundId, DateTimeOffset ReversedAt);
