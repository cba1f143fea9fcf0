using Npgsql;

namespace SocialCommerce.ReferralCommission.Ledger;

/// <summary>
/// Brings each accrual of an order down to the commission on what is still paid (<see cref="Commission.Kept"/>, from the
/// order's cumulative refunded total), by a reversal line for the difference not reversed yet. Cumulative totals make
/// duplicates and reordering harmless: a smaller total than one already applied adds nothing. The accrual rows are locked
/// first, so a reversal and its accrual's settlement take turns and the reversal counts in the bucket its accrual is in.
/// The line itself is written by <see cref="CommissionLedger.ReverseAsync"/>, as a fraud reversal's is.
/// </summary>
public static class Clawback
{
    public static async Task ApplyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId, long refundedTotal, Guid refundId, DateTimeOffset at,
        ReferralMetrics metrics)
    {
        var accruals = await CommissionLedger.LockAccrualsOfOrderAsync(connection, transaction, orderId);
        foreach (var accrual in accruals)
        {
            var reverse = accrual.Remaining - Commission.Kept(accrual.BaseAmount, refundedTotal, accrual.RateBp);
            if (reverse > 0) await CommissionLedger.ReverseAsync(connection, transaction, accrual, reverse, refundId, "refund", at, metrics);
        }
    }
}
