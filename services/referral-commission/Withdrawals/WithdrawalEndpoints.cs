using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.ServiceDefaults;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.ReferralCommission.Withdrawals;

public sealed record WithdrawRequest(long? Amount);

public sealed record WithdrawalPage(IReadOnlyList<Withdrawal> Items, string? NextCursor);

/// <summary>
/// POST /me/withdrawals (Idempotency-Key): 201 with the withdrawal as it stands after the payout attempt (paid, failed and
/// back in available, or pending and retried); a repeat of the key answers the same withdrawal. 409 below the minimum or
/// above available, 422 a key used for another amount, 400 bad input. GET /me/withdrawals lists them, newest first.
/// </summary>
public static class WithdrawalEndpoints
{
    public const int MaxKeyLength = 100;

    public static RouteGroupBuilder MapWithdrawalEndpoints(this RouteGroupBuilder referral)
    {
        referral.MapPost("/me/withdrawals", Withdraw)
            .WithTag("Withdrawals", "Withdraw available commission (in fen, at least the minimum); one per Idempotency-Key.")
            .WithSummary("Withdraw commission (Idempotency-Key required)").ProducesConflict("below-minimum", "above-available")
            .WithRequestExample(new { amount = 5000 });
        referral.MapGet("/me/withdrawals", Mine).WithTags("Withdrawals").WithSummary("My withdrawals, newest first");
        return referral;
    }

    public static async Task<Results<Created<Withdrawal>, ValidationProblem, ProblemHttpResult>> Withdraw(
        WithdrawRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, HttpContext context,
        NpgsqlDataSource dataSource, WithdrawalPayouts payouts, IOptions<ReferralOptions> options, ReferralMetrics metrics, TimeProvider time)
    {
        var validator = new Validator()
            .Check(!string.IsNullOrWhiteSpace(idempotencyKey), "Idempotency-Key", "header is required")
            .Check(idempotencyKey is null || idempotencyKey.Length <= MaxKeyLength, "Idempotency-Key", $"must be at most {MaxKeyLength} characters")
            .Check(request.Amount is > 0 and <= Money.MaxAmount, "amount", $"must be a whole number of fen between 1 and {Money.MaxAmount}");
        if (!validator.IsValid) return validator.ToProblem();
        var userId = context.User.UserId();
        var now = time.GetUtcNow();
        // The request pays out at once; the owed payout is not made by the worker until that attempt has had its time.
        var outcome = await Withdrawals.RequestAsync(dataSource, userId, idempotencyKey!, request.Amount!.Value, now,
            now + options.Value.PayoutTimeout + options.Value.PayoutRetryInterval, metrics);
        switch (outcome.Refusal)
        {
            case WithdrawalRefusal.KeyReused:
                return TypedResults.Problem(title: "This Idempotency-Key was used for a withdrawal of another amount.",
                    statusCode: StatusCodes.Status422UnprocessableEntity, type: ProblemTypes.Unprocessable,
                    extensions: new Dictionary<string, object?> { ["code"] = "idempotency-key-reused" });
            case WithdrawalRefusal.BelowMinimum:
                metrics.WithdrawalRefused("below-minimum");
                return Problems.Conflict($"The smallest withdrawal is {outcome.Limit} fen.", "below-minimum");
            case WithdrawalRefusal.AboveAvailable:
                metrics.WithdrawalRefused("above-available");
                return Problems.Conflict($"Only {outcome.Limit} fen is available to withdraw.", "above-available");
        }

        var withdrawal = outcome.Withdrawal!;
        // Not cancelled with the request: a caller who hangs up must not leave a payout made but unrecorded until the retry.
        if (outcome.IsNew) withdrawal = await payouts.PayOutAsync(withdrawal, userId, CancellationToken.None);
        return TypedResults.Created($"/api/referral/me/withdrawals/{withdrawal.WithdrawalId}", withdrawal);
    }

    public static async Task<Results<Ok<WithdrawalPage>, ValidationProblem>> Mine(int? limit, string? cursor, HttpContext context, NpgsqlDataSource dataSource)
    {
        Guid before = default;
        var validator = new Validator()
            .Check(limit is null or (>= 1 and <= 100), "limit", "must be between 1 and 100")
            .Check(cursor is null || Guid.TryParse(cursor, out before), "cursor", "is not a cursor this API returned");
        if (!validator.IsValid) return validator.ToProblem();
        var take = limit ?? 20;
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await Withdrawals.OfUserAsync(connection, context.User.UserId(), cursor is null ? null : before, take + 1);
        var page = rows.Take(take).ToList();
        return TypedResults.Ok(new WithdrawalPage(page, rows.Count > take ? page[^1].WithdrawalId.ToString() : null));
    }
}
