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
        referral.MapGet("/me/commissions", Commissions)
            .WithTag("Commission ledger", "Commission entries per paid order: pending until the return window closes, then available; reversed on refund.")
            .WithSummary("My commission entries");
        referral.MapGet("/me/balance", MyBalance).WithTags("Commission ledger").WithSummary("My pending, available and withdrawn commission");
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
        await using var connection = await dataSource.OpenConnectionAsync();
        return TypedResults.Ok(await CommissionLedger.PageAsync(
            connection, context.User.UserId(), cursor is null ? null : parsedCursor, limit ?? 20));
    }

    public static async Task<Ok<Balance>> MyBalance(HttpContext context, NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return TypedResults.Ok(await Balances.OfAsync(connection, context.User.UserId()));
    }
}
