namespace SocialCommerce.Contracts.Events.Referral;

/// <summary>
/// An accrual became available for withdrawal: its order completed and the freeze period passed. <paramref name="Amount"/> is
/// what is left of it after any reversals.
/// </summary>
public sealed record CommissionSettled(Guid EntryId, Guid OrderId, Guid BeneficiaryId, int Tier, long Amount, string Currency, DateTimeOffset SettledAt);
