using Dapper;
using Npgsql;
using SocialCommerce.Contracts.Events.Referral;

namespace SocialCommerce.ReferralCommission.Ledger;

/// <summary>Accruals: the frozen commission an order's payment earns, one line per order and tier.</summary>
public static partial class CommissionLedger
{
    /// <summary>
    /// All lines in one statement; an order and tier accrued before (a republished OrderPaid) keeps its line.
    /// </summary>
    /// <returns>The entry ids written now (a line that existed already is not among them and sends no event).</returns>
    public static async Task<IReadOnlySet<Guid>> AccrueAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<(CommissionAccrued Accrued, string Attribution)> lines)
    {
        if (lines.Count == 0) return new HashSet<Guid>();
        // In key order, so two batches holding the same order (a republished OrderPaid) wait on each other, never deadlock.
        var sorted = lines.OrderBy(line => (line.Accrued.OrderId, line.Accrued.Tier)).ToList();
        var accrued = sorted.Select(line => line.Accrued).ToList();
        return (await connection.QueryAsync<Guid>(
            """
            INSERT INTO commission_entries (id, kind, order_id, tier, beneficiary_id, buyer_id, base_amount, rate_bp, amount, currency, status,
                                            rule_version, attribution, created_at)
            SELECT id, 'accrual', order_id, tier, beneficiary_id, buyer_id, base_amount, rate_bp, amount, currency, 'frozen', rule_version, attribution,
                   created_at
            FROM unnest(@ids, @orderIds, @tiers, @beneficiaries, @buyers, @bases, @rates, @amounts, @currencies, @versions, @attributions, @createdAt)
                AS l (id, order_id, tier, beneficiary_id, buyer_id, base_amount, rate_bp, amount, currency, rule_version, attribution, created_at)
            ON CONFLICT (order_id, tier) WHERE kind = 'accrual' DO NOTHING
            RETURNING id
            """,
            new
            {
                ids = accrued.Select(a => a.EntryId).ToArray(), orderIds = accrued.Select(a => a.OrderId).ToArray(),
                tiers = accrued.Select(a => a.Tier).ToArray(), beneficiaries = accrued.Select(a => a.BeneficiaryId).ToArray(),
                buyers = accrued.Select(a => a.BuyerId).ToArray(), bases = accrued.Select(a => a.BaseAmount).ToArray(),
                rates = accrued.Select(a => a.RateBasisPoints).ToArray(), amounts = accrued.Select(a => a.Amount).ToArray(),
                currencies = accrued.Select(a => a.Currency).ToArray(), versions = accrued.Select(a => a.RuleVersion).ToArray(),
                attributions = sorted.Select(line => line.Attribution).ToArray(), createdAt = accrued.Select(a => a.AccruedAt.UtcDateTime).ToArray(),
            },
            transaction)).ToHashSet();
    }
}
