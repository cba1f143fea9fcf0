using Dapper;
using Npgsql;
using SocialCommerce.ReferralCommission.Ledger;

namespace SocialCommerce.ReferralCommission.Fraud;

/// <summary>
/// An admin confirmed a flag as fraud: every accrual on an order whose chain runs through the flag's bindings (the same
/// orders the flag held) is reversed down to zero, frozen or already available (which may then go below zero, repaid by
/// later commission), and the bindings stop earning. Accrual rows are locked first, as a refund's clawback locks them.
/// </summary>
public static class FraudReversal
{
    public static async Task<long> ApplyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] users, DateTimeOffset now, ReferralMetrics metrics)
    {
        var accruals = await CommissionLedger.LockAccrualsThroughAsync(connection, transaction, users);
        var reversed = 0L;
        foreach (var accrual in accruals.Where(a => a.Remaining > 0))
        {
            await CommissionLedger.ReverseAsync(connection, transaction, accrual, accrual.Remaining, refundId: null, "fraud", now, metrics);
            reversed += accrual.Remaining;
        }

        await connection.ExecuteAsync(
            "UPDATE bindings SET expires_at = least(expires_at, @now) WHERE user_id = ANY(@users)", new { users, now }, transaction);
        return reversed;
    }
}
