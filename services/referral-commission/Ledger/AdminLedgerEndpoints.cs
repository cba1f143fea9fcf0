using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SocialCommerce.ReferralCommission.Withdrawals;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.ReferralCommission.Ledger;

/// <summary>Admin: anyone's balance, and withdrawals by status (pending ones stuck at the payout provider first of all).</summary>
public static class AdminLedgerEndpoints
{
    public static RouteGroupBuilder MapAdminLedgerEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/users/{userId:guid}/balance", UserBalance).WithTags("Commission ledger");
        admin.MapGet("/withdrawals", ListWithdrawals).WithTags("Withdrawals");
        return admin;
    }

    public static async Task<Ok<Balance>> UserBalance(Guid userId, NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return TypedResults.Ok(await Balances.OfAsync(connection, userId));
    }

    public static async Task<Results<Ok<IReadOnlyList<AdminWithdrawal>>, ValidationProblem>> ListWithdrawals(
        string? status, int? limit, NpgsqlDataSource dataSource)
    {
        var validator = new Validator()
            .Check(status is null or "pending" or "paid" or "failed", "status", "must be pending, paid or failed")
            .Check(limit is null or (>= 1 and <= 200), "limit", "must be between 1 and 200");
        if (!validator.IsValid) return validator.ToProblem();
        await using var connection = await dataSource.OpenConnectionAsync();
        return TypedResults.Ok(await Withdrawals.Withdrawals.ListAsync(connection, status, limit ?? 50));
    }
}
