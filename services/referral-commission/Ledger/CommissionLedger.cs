using Dapper;
using Npgsql;
using SocialCommerce.ServiceDefaults;

namespace SocialCommerce.ReferralCommission.Ledger;

/// <summary>
/// The commission ledger: every statement on <c>commission_entries</c> lives in CommissionLedger, split by subject: this file
/// (a user's ledger as they read it), .Accruals (lines written when an order is paid, and when they fall due), .Settlement
/// (due lines made available) and .Reversals (the one way commission is taken back). Writers pass their transaction: the
/// line commits with its event and inbox row.
/// </summary>
public static partial class CommissionLedger
{
    /// <summary>A user's ledger as they read it: commission lines and withdrawals (not failed ones) merged, newest first.</summary>
    /// <param name="before">The last entry id of the previous page, or null for the newest.</param>
    public static async Task<CommissionPage> PageAsync(NpgsqlConnection connection, Guid userId, Guid? before, int take)
    {
        var rows = (await connection.QueryAsync<Row>(
            """
            (SELECT id, order_id, tier, amount, base_amount, rate_bp, currency,
                    CASE WHEN kind = 'reversal' THEN 'reversed' ELSE status END AS status, created_at
             FROM commission_entries WHERE beneficiary_id = @userId AND (@before::uuid IS NULL OR id < @before)
             ORDER BY id DESC LIMIT @take)
            UNION ALL
            (SELECT id, NULL, NULL, -amount, NULL, NULL, currency, CASE status WHEN 'paid' THEN 'withdrawn' ELSE 'withdrawing' END, requested_at
             FROM withdrawals WHERE user_id = @userId AND status <> 'failed' AND (@before::uuid IS NULL OR id < @before)
             ORDER BY id DESC LIMIT @take)
            ORDER BY id DESC LIMIT @take
            """,
            new { userId, before, take = take + 1 })).ToList();
        var page = rows.Take(take).Select(row => new CommissionEntry(
            row.Id, row.OrderId, row.Tier, new Money(row.Amount, row.Currency), row.BaseAmount is { } baseAmount ? new Money(baseAmount, row.Currency) : null,
            row.RateBp / 10_000m, row.Status, new DateTimeOffset(row.CreatedAt, TimeSpan.Zero))).ToList();
        return new CommissionPage(page, rows.Count > take ? page[^1].EntryId.ToString() : null);
    }

    private sealed record Row(Guid Id, Guid? OrderId, int? Tier, long Amount, long? BaseAmount, int? RateBp, string Currency, string Status, DateTime CreatedAt);
}
