namespace SocialCommerce.Contracts.Events.Referral;

/// <summary>
/// Commission owed to <paramref name="BeneficiaryId"/> for an order paid by someone they referred, at tier 1 (the buyer's
/// referrer) or 2 (that referrer's referrer; never deeper). Frozen until the order completes and the freeze period passes.
/// </summary>
public sealed record CommissionAccrued(
    Guid EntryId, Guid OrderId, Guid BeneficiaryId, Guid BuyerId, int Tier, long BaseAmount, int RateBasisPoints, long Amount, string Currency,
    int RuleVersion, DateTimeOffset AccruedAt);
