namespace SocialCommerce.ReferralCommission.Ledger;

/// <summary>The one rounding rule of the ledger: integer fen, rounded down (the platform never pays a fraction it does not owe).</summary>
public static class Commission
{
    public static long Of(long baseAmount, int rateBasisPoints) => baseAmount * rateBasisPoints / 10_000;
}
