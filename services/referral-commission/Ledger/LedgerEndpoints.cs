using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SocialCommerce.ServiceDefaults;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.ReferralCommission.Ledger;

/// <param name="Status">frozen or available (where the line counts); reversed for a clawback line, whose amount is negative.</param>
public sealed record CommissionEntry(
    Guid EntryId, Guid OrderId, int Tier, Money Amount, Money BaseAmount, decimal Rate, string Status, DateTimeOffset At);

public sealed record CommissionPage(IReadOnlyList<CommissionEntry> Items, string? NextCursor);

public sealed record Balance(Money Frozen, Money Available, Money Withdrawn);

/// <summary>
/// The caller's own ledger and balance; the balance is the sum of the ledger's lines, computed when asked. Available can be
/// negative: a clawback of commission already settled (and withdrawn) is repaid by later commission.
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
            SELECT id, order_id, tier, amount, base_amount, rate_bp, currency, CASE WHEN kind = 'reversal' THEN 'reversed' ELSE status END AS status,
                   created_at FROM commission_entries
            WHERE beneficiary_id = @userId AND (@cursor::uuid IS NULL OR id < @cursor)
            ORDER BY id DESC LIMIT @take
            """,
            new { userId = context.User.UserId(), cursor = cursor is null ? (Guid?)null : parsedCursor, take = take + 1 })).ToList();
        var page = rows.Take(take).Select(row => new CommissionEntry(
            row.Id, row.OrderId, row.Tier, new Money(row.Amount, row.Currency), new Money(row.BaseAmount, row.Currency), row.RateBp / 10_000m,
            row.Status, new DateTimeOffset(row.CreatedAt, TimeSpan.Zero))).ToList();
        return TypedResults.Ok(new CommissionPage(page, rows.Count > take ? page[^1].EntryId.ToString() : null));
    }

    public static async Task<Ok<Balance>> MyBalance(HttpContext context, NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var sums = await connection.QuerySingleAsync<(long Frozen, long Available, long Withdrawn)>(
            """
            SELECT coalesce(sum(amount) FILTER (WHERE status = 'frozen'), 0),
                   coalesce(sum(amount) FILTER (WHERE status = 'available'), 0),
                   coalesce(sum(amount) FILTER (WHERE status = 'withdrawn'), 0)
            FROM commission_entries WHERE beneficiary_id = @userId
            """,
            new { userId = context.User.UserId() });
        return TypedResults.Ok(new Balance(new Money(sums.Frozen, "CNY"), new Money(sums.Available, "CNY"), new Money(sums.Withdrawn, "CNY")));
    }

    private sealed record Row(Guid Id, Guid OrderId, int Tier, long Amount, long BaseAmount, int RateBp, string Currency, string Status, DateTime CreatedAt);
}
