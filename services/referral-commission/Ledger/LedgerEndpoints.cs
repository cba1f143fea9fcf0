using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SocialCommerce.ReferralCommission.Withdrawals;
using SocialCommerce.ServiceDefaults;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.ReferralCommission.Ledger;

/// <param name="Status">
/// frozen or available (where a commission line counts); reversed for a clawback line; withdrawing or withdrawn for a
/// withdrawal, which has no order, tier, base or rate. Reversals and withdrawals are negative.
/// </param>
public sealed record CommissionEntry(
    Guid EntryId, Guid? OrderId, int? Tier, Money Amount, Money? BaseAmount, decimal? Rate, string Status, DateTimeOffset At);

public sealed record CommissionPage(IReadOnlyList<CommissionEntry> Items, string? NextCursor);

/// <summary>
/// The caller's own ledger (commission lines and withdrawals, newest first; a failed withdrawal drops out, its money back in
/// available) and balance, which is the sum of those lines (<see cref="Balances"/>).
/// </summary>
public static class LedgerEndpoints
{
    public static RouteGroupBuilder MapLedgerEndpoints(this RouteGroupBuilder referral)
    {
        referral.MapGet("/me/commissions", Commissions).WithTags("Commission ledger");
        referral.MapGet("/me/balance", MyBalance).WithTags("Commission ledger");
        return referral;
    }

    public static async Task<Results<Ok<CommissionPage>, ValidationProblem>> Commissions(
        int? limit, string? cursor, HttpContext context, NpgsqlDataSource dataSource)
    {
        Guid parsedCursor = default;
        var validator = new Validator()
            .Check(limit is null or (>= 1 and <= 100), "limit", "must be between 1 and 100")
            .Check(cursor is null || Guid.TryParse(cursor, out parsedCursor), "cursor", "is not a cursor this API returned");
        if (!validator.IsValid) return validator.ToProblem();
        var take = limit ?? 20;
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<Row>(
            """
            (SELECT id, order_id, tier, amount, base_amount, rate_bp, currency,
                    CASE WHEN kind = 'reversal' THEN 'reversed' ELSE status END AS status, created_at
             FROM commission_entries WHERE beneficiary_id = @userId AND (@cursor::uuid IS NULL OR id < @cursor)
             ORDER BY id DESC LIMIT @take)
            UNION ALL
            (SELECT id, NULL, NULL, -amount, NULL, NULL, currency, CASE status WHEN 'paid' THEN 'withdrawn' ELSE 'withdrawing' END, requested_at
             FROM withdrawals WHERE user_id = @userId AND status <> 'failed' AND (@cursor::uuid IS NULL OR id < @cursor)
             ORDER BY id DESC LIMIT @take)
            ORDER BY id DESC LIMIT @take
            """,
            new { userId = context.User.UserId(), cursor = cursor is null ? (Guid?)null : parsedCursor, take = take + 1 })).ToList();
        var page = rows.Take(take).Select(row => new CommissionEntry(
            row.Id, row.OrderId, row.Tier, new Money(row.Amount, row.Currency), row.BaseAmount is { } baseAmount ? new Money(baseAmount, row.Currency) : null,
            row.RateBp / 10_000m, row.Status, new DateTimeOffset(row.CreatedAt, TimeSpan.Zero))).ToList();
        return TypedResults.Ok(new CommissionPage(page, rows.Count > take ? page[^1].EntryId.ToString() : null));
    }

    public static async Task<Ok<Balance>> MyBalance(HttpContext context, NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return TypedResults.Ok(await Balances.OfAsync(connection, context.User.UserId()));
    }

    private sealed record Row(Guid Id, Guid? OrderId, int? Tier, long Amount, long? BaseAmount, int? RateBp, string Currency, string Status, DateTime CreatedAt);
}
