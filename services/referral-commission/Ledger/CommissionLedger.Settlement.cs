using Dapper;
using Npgsql;
using SocialCommerce.Contracts.Events.Referral;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.ReferralCommission.Ledger;

/// <summary>
/// Frozen accruals past their available_at become available, with their reversals, in batches: rows claimed with
/// FOR UPDATE SKIP LOCKED (replicas share the work; an accrual a refund is reversing right now waits for the next tick), and
/// CommissionSettled for each in the same transaction. An order whose chain runs through a binding under a fraud flag (the
/// buyer's, or the tier-1 referrer's own) stays frozen, both tiers, until an admin clears the flag (a confirmed flag's
/// commission has been reversed and stays where it is). An accrual whose beneficiary or buyer never proved their phone by SMS
/// stays frozen too, until they do (PhoneVerified): a squatted or made-up number neither earns nor triggers commission.
/// </summary>
/// <remarks>Run every <see cref="ReferralOptions.SettleInterval"/> as the <c>commission-settlement</c> periodic sweep (ReferralFeature).</remarks>
public static partial class CommissionLedger
{
    public const int SettleBatchSize = 500;

    /// <summary>The order's frozen accruals fall due at its completion plus the freeze days of the rules each was accrued under.</summary>
    public static Task ScheduleAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId, DateTimeOffset completedAt) =>
        connection.ExecuteAsync(
            """
            UPDATE commission_entries e SET available_at = @completedAt + make_interval(days => r.freeze_days)
            FROM rule_versions r
            WHERE e.order_id = @orderId AND e.kind = 'accrual' AND e.status = 'frozen' AND e.available_at IS NULL AND r.version = e.rule_version
            """,
            new { orderId, completedAt }, transaction);

    public static async Task<int> SettleDueAsync(
        NpgsqlDataSource dataSource, DateTimeOffset now, ReferralMetrics metrics, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var settled = (await connection.QueryAsync<Settled>(
            """
            WITH due AS (
                SELECT id FROM commission_entries e WHERE kind = 'accrual' AND status = 'frozen' AND available_at <= @now
                  AND EXISTS (SELECT 1 FROM referral_users u WHERE u.user_id = e.beneficiary_id AND u.phone_verified)
                  AND EXISTS (SELECT 1 FROM referral_users u WHERE u.user_id = e.buyer_id AND u.phone_verified)
                  AND NOT EXISTS (
                      SELECT 1 FROM flagged_bindings fb JOIN fraud_flags f ON f.id = fb.flag_id AND coalesce(f.resolution, 'open') <> 'cleared'
                      WHERE fb.user_id = e.buyer_id
                         OR fb.user_id = (SELECT t.beneficiary_id FROM commission_entries t
                                          WHERE t.order_id = e.order_id AND t.tier = 1 AND t.kind = 'accrual'))
                ORDER BY available_at LIMIT @SettleBatchSize FOR UPDATE SKIP LOCKED
            ), moved AS (
                UPDATE commission_entries e SET status = 'available'
                WHERE e.id IN (SELECT id FROM due) OR e.reverses IN (SELECT id FROM due)
                RETURNING coalesce(e.reverses, e.id) AS accrual_id, e.order_id, e.beneficiary_id, e.tier, e.amount, e.currency
            )
            SELECT accrual_id, order_id, beneficiary_id, tier, sum(amount)::bigint AS amount, currency FROM moved
            GROUP BY accrual_id, order_id, beneficiary_id, tier, currency
            """,
            new { now, SettleBatchSize }, transaction)).ToList();
        foreach (var entry in settled)
        {
            await Outbox.AddAsync(connection, transaction,
                new CommissionSettled(entry.AccrualId, entry.OrderId, entry.BeneficiaryId, entry.Tier, entry.Amount, entry.Currency, now));
        }

        await transaction.CommitAsync(cancellationToken);
        foreach (var entry in settled) metrics.Settled(entry.Tier, entry.Amount);
        return settled.Count;
    }

    private sealed record Settled(Guid AccrualId, Guid OrderId, Guid BeneficiaryId, int Tier, long Amount, string Currency);
}
