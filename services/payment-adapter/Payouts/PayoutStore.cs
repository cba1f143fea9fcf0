using Dapper;
using Npgsql;
using SocialCommerce.PaymentAdapter.Payments;
using SocialCommerce.PaymentAdapter.Providers;

namespace SocialCommerce.PaymentAdapter.Payouts;

public enum PayoutOutcome { Decided, Pending, IdReused }

public sealed record PayoutRow(Guid Id, Guid UserId, long Amount, string Currency, string Status, string? FailureReason);

/// <summary>
/// Payouts to a user's wallet. The row is committed before the provider is asked, and the provider is asked under our id,
/// so a crash, a timeout or a repeat between the two finishes the same payout instead of paying twice. The first answer
/// that decides a payout stands (guarded update).
/// </summary>
public sealed class PayoutStore(NpgsqlDataSource dataSource, IPaymentProvider provider, TimeProvider time, PaymentMetrics metrics)
{
    /// <exception cref="ProviderUnavailableException">The provider is down; the payout stays pending and a repeat finishes it.</exception>
    public async Task<(PayoutOutcome Outcome, PayoutRow? Payout)> PayAsync(
        Guid payoutId, Guid userId, long amount, string currency, string description, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Two statements, not one: a statement that meets a concurrent insert of the same id waits for it and then does
        // nothing, but its own snapshot predates that row, so only a new statement can read it.
        var payout = await connection.QuerySingleOrDefaultAsync<PayoutRow>(
            """
            INSERT INTO payouts (id, user_id, amount, currency, description, provider, status, created_at)
            VALUES (@payoutId, @userId, @amount, @currency, @description, @provider, 'pending', @now)
            ON CONFLICT (id) DO NOTHING
            RETURNING id, user_id, amount, currency, status, failure_reason
            """,
            new { payoutId, userId, amount, currency, description, provider = provider.Name, now = time.GetUtcNow() })
            ?? await connection.QuerySingleAsync<PayoutRow>(
                "SELECT id, user_id, amount, currency, status, failure_reason FROM payouts WHERE id = @payoutId", new { payoutId });
        if (payout.UserId != userId || payout.Amount != amount || payout.Currency != currency) return (PayoutOutcome.IdReused, null);
        if (payout.Status != "pending") return (PayoutOutcome.Decided, payout);

        var decided = await provider.PayoutAsync(payoutId, userId, amount, currency, description, cancellationToken);
        var decidedNow = await connection.QuerySingleOrDefaultAsync<PayoutRow>(
            """
            UPDATE payouts SET status = @status, provider_payout_id = @ProviderPayoutId, failure_reason = @FailureReason, decided_at = @now
            WHERE id = @payoutId AND status = 'pending'
            RETURNING id, user_id, amount, currency, status, failure_reason
            """,
            new
            {
                payoutId, status = decided.Succeeded ? "succeeded" : "failed", decided.ProviderPayoutId,
                FailureReason = decided.Succeeded ? null : decided.FailureReason ?? "declined", now = time.GetUtcNow(),
            });
        if (decidedNow is not null) metrics.PayoutDecided(decidedNow.Status, decidedNow.Amount);
        // A concurrent repeat decided it first: the provider gave both the same payout, so its row is the answer.
        var stored = decidedNow ?? await connection.QuerySingleAsync<PayoutRow>(
            "SELECT id, user_id, amount, currency, status, failure_reason FROM payouts WHERE id = @payoutId", new { payoutId });
        return (PayoutOutcome.Decided, stored);
    }
}
