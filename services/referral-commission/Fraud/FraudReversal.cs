using Dapper;
using Npgsql;
using SocialCommerce.Contracts.Events.Referral;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.ReferralCommission.Fraud;

/// <summary>
/// An admin confirmed a flag as fraud: every accrual on an order whose chain runs through the flag's bindings (the same
/// orders the flag held) is reversed down to zero, frozen or already available (which may then go below zero, repaid by
/// later commission), and the bindings stop earning. Accrual rows are locked first, as a refund's clawback locks them.
/// </summary>
public static class FraudReversal
{
    public static async Task<long> ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] users, DateTimeOffset now)
    {
        var accruals = await connection.QueryAsync<Accrual>(
            """
            SELECT id, order_id AS orderid, tier, beneficiary_id AS beneficiaryid, currency,
                   (amount + coalesce((SELECT sum(r.amount) FROM commission_entries r WHERE r.reverses = e.id), 0))::bigint AS remaining
            FROM commission_entries e
            WHERE kind = 'accrual' AND (buyer_id = ANY(@users) OR order_id IN (
                SELECT t.order_id FROM commission_entries t WHERE t.kind = 'accrual' AND t.tier = 1 AND t.beneficiary_id = ANY(@users)))
            ORDER BY id FOR UPDATE
            """,
            new { users }, transaction);
        var reversed = 0L;
        foreach (var accrual in accruals.Where(a => a.Remaining > 0))
        {
            var entryId = Guid.CreateVersion7();
            await connection.ExecuteAsync(
                """
                INSERT INTO commission_entries (id, kind, order_id, tier, beneficiary_id, buyer_id, base_amount, rate_bp, amount, currency, status,
                                                rule_version, attribution, reverses, created_at)
                SELECT @entryId, 'reversal', order_id, tier, beneficiary_id, buyer_id, base_amount, rate_bp, -@Remaining, currency, status,
                       rule_version, attribution, id, @now
                FROM commission_entries WHERE id = @Id
                """,
                new { entryId, accrual.Remaining, now, accrual.Id }, transaction);
            await Outbox.AddAsync(connection, transaction, new CommissionReversed(
                entryId, accrual.Id, accrual.OrderId, accrual.BeneficiaryId, accrual.Tier, accrual.Remaining, accrual.Currency, Guid.Empty, now, "fraud"));
            ReferralMetrics.Reversed(accrual.Tier, accrual.Remaining);
            reversed += accrual.Remaining;
        }

        await connection.ExecuteAsync(
            "UPDATE bindings SET expires_at = least(expires_at, @now) WHERE user_id = ANY(@users)", new { users, now }, transaction);
        return reversed;
    }

    private sealed record Accrual(Guid Id, Guid OrderId, int Tier, Guid BeneficiaryId, string Currency, long Remaining);
}
