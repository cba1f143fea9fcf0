using Dapper;
using Npgsql;
using SocialCommerce.Contracts.Events.Referral;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.ReferralCommission.Ledger;

/// <summary>
/// Brings each accrual of an order down to the commission on what is still paid (<see cref="Commission.Kept"/>, from the
/// order's cumulative refunded total), by a reversal line for the difference not reversed yet. Cumulative totals make
/// duplicates and reordering harmless: a smaller total than one already applied adds nothing. The accrual rows are locked
/// first, so a reversal and its accrual's settlement take turns and the reversal counts in the bucket its accrual is in.
/// </summary>
public static class Clawback
{
    public static async Task ApplyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId, long refundedTotal, Guid refundId, DateTimeOffset at)
    {
        var accruals = await connection.QueryAsync<Accrual>(
            """
            SELECT id, tier, beneficiary_id, base_amount, rate_bp, currency,
                   (amount + coalesce((SELECT sum(r.amount) FROM commission_entries r WHERE r.reverses = e.id), 0))::bigint AS remaining
            FROM commission_entries e WHERE order_id = @orderId AND kind = 'accrual' ORDER BY id FOR UPDATE
            """,
            new { orderId }, transaction);
        foreach (var accrual in accruals)
        {
            var reverse = accrual.Remaining - Commission.Kept(accrual.BaseAmount, refundedTotal, accrual.RateBp);
            if (reverse <= 0) continue;
            var entryId = Guid.CreateVersion7();
            await connection.ExecuteAsync(
                """
                INSERT INTO commission_entries (id, kind, order_id, tier, beneficiary_id, buyer_id, base_amount, rate_bp, amount, currency, status,
                                                rule_version, attribution, reverses, refund_id, created_at)
                SELECT @entryId, 'reversal', order_id, tier, beneficiary_id, buyer_id, base_amount, rate_bp, -@reverse, currency, status,
                       rule_version, attribution, id, @refundId, @at
                FROM commission_entries WHERE id = @Id
                """,
                new { entryId, reverse, refundId, at, accrual.Id }, transaction);
            await Outbox.AddAsync(connection, transaction, new CommissionReversed(
                entryId, accrual.Id, orderId, accrual.BeneficiaryId, accrual.Tier, reverse, accrual.Currency, refundId, at));
            ReferralMetrics.Reversed(accrual.Tier, reverse);
        }
    }

    private sealed record Accrual(Guid Id, int Tier, Guid BeneficiaryId, long BaseAmount, int RateBp, string Currency, long Remaining);
}
