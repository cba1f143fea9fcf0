namespace SocialCommerce.ReferralCommission.Ledger;

/// <summary>
/// The one rounding rule of the ledger: integer fen, rounded down (the platform never pays a fraction it does not owe). A refund
/// does not compute its own share: what an accrual may keep is the commission on what is still paid, so however a refund is
/// split into events, the accrual ends where a single refund of the same total would put it.
/// </summary>
public static class Commission
{
    public static long Of(long baseAmount, int rateBasisPoints) => baseAmount * rateBasisPoints / 10_000;

    /// <summary>What an accrual keeps once <paramref name="refundedTotal"/> of its order's <paramref name="baseAmount"/> went back.</summary>
    public static long Kept(long baseAmount, long refundedTotal, int rateBasisPoints) => Of(Math.Max(0, baseAmount - refundedTotal), rateBasisPoints);
}
