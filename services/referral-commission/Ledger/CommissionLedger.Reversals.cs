using Dapper;
using Npgsql;
using SocialCommerce.Contracts.Events.Referral;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.ReferralCommission.Ledger;

/// <summary>An accrual and what remains of it after the reversals already written against it.</summary>
public sealed record Accrual(Guid Id, Guid OrderId, int Tier, Guid BeneficiaryId, long BaseAmount, int RateBp, string Currency, long Remaining);

/// <summary>
/// The one way commission is taken back: a reversal line against an accrual, with CommissionReversed in the outbox. A
/// refund's clawback and a confirmed fraud flag both lock the accruals they reverse first (in id order, <c>FOR UPDATE</c>)
/// and take back at most what remains of each, so the two together never reverse more than was accrued.
/// </summary>
public static partial class CommissionLedger
{
    private const string LockedAccrualColumns =
        """
        e.id, e.order_id, e.tier, e.beneficiary_id, e.base_amount, e.rate_bp, e.currency,
        (e.amount + coalesce((SELECT sum(r.amount) FROM commission_entries r WHERE r.reverses = e.id), 0))::bigint AS remaining
        """;

    /// <summary>The order's accruals, locked: a reversal and its accrual's settlement take turns.</summary>
    public static async Task<IReadOnlyList<Accrual>> LockAccrualsOfOrderAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId) =>
        (await connection.QueryAsync<Accrual>(
            $"""
            SELECT {LockedAccrualColumns}
            FROM commission_entries e WHERE e.order_id = @orderId AND e.kind = 'accrual' ORDER BY e.id FOR UPDATE
            """,
            new { orderId }, transaction)).ToList();

    /// <summary>The accruals of every order whose chain runs through these users (as buyer, or as the order's tier 1), locked.</summary>
    public static async Task<IReadOnlyList<Accrual>> LockAccrualsThroughAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] users) =>
        (await connection.QueryAsync<Accrual>(
            $"""
            SELECT {LockedAccrualColumns}
            FROM commission_entries e
            WHERE e.kind = 'accrual' AND (e.buyer_id = ANY(@users) OR e.order_id IN (
                SELECT t.order_id FROM commission_entries t WHERE t.kind = 'accrual' AND t.tier = 1 AND t.beneficiary_id = ANY(@users)))
            ORDER BY e.id FOR UPDATE
            """,
            new { users }, transaction)).ToList();

    /// <summary>Takes <paramref name="amount"/> (positive, at most what remains) back from the accrual.</summary>
    public static async Task ReverseAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Accrual accrual, long amount, Guid? refundId, string cause, DateTimeOffset at,
        ReferralMetrics metrics)
    {
        var entryId = Guid.CreateVersion7();
        await connection.ExecuteAsync(
            """
            INSERT INTO commission_entries (id, kind, order_id, tier, beneficiary_id, buyer_id, base_amount, rate_bp, amount, currency, status,
                                            rule_version, attribution, reverses, refund_id, created_at)
            SELECT @entryId, 'reversal', order_id, tier, beneficiary_id, buyer_id, base_amount, rate_bp, -@amount, currency, status,
                   rule_version, attribution, id, @refundId, @at
            FROM commission_entries WHERE id = @Id
            """,
            new { entryId, amount, refundId, at, accrual.Id }, transaction);
        await Outbox.AddAsync(connection, transaction, new CommissionReversed(
            entryId, accrual.Id, accrual.OrderId, accrual.BeneficiaryId, accrual.Tier, amount, accrual.Currency, refundId ?? Guid.Empty, at, cause));
        metrics.Reversed(accrual.Tier, amount);
    }
}
