using Dapper;
using Npgsql;
using SocialCommerce.ReferralCommission.Rules;
using SocialCommerce.ServiceDefaults;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.ReferralCommission.Withdrawals;

public enum WithdrawalRefusal { None, KeyReused, BelowMinimum, AboveAvailable }

public sealed record Withdrawal(Guid WithdrawalId, Money Amount, string Status, string? FailureReason, DateTimeOffset RequestedAt, DateTimeOffset? DecidedAt);

/// <summary>A withdrawal as admins see it: whose, and how many payout attempts it has taken.</summary>
public sealed record AdminWithdrawal(Guid UserId, Withdrawal Withdrawal, int Attempts);

/// <summary>What a request came to: a withdrawal (new or the key's earlier one), or why not, with the limit it broke.</summary>
public sealed record WithdrawalRequest(Withdrawal? Withdrawal, bool IsNew, WithdrawalRefusal Refusal, long Limit);

/// <summary>
/// Taking available commission out. A user's withdrawals are decided one at a time (a transaction lock per user), so two
/// requests at once cannot both spend the same available money; the check and the new line commit together.
/// </summary>
public static class Withdrawals
{
    // Aliased to the record's names, so reading needs no underscore matching.
    public const string Columns =
        "id AS withdrawalid, user_id AS userid, amount, currency, status, failure_reason AS failurereason, requested_at AS requestedat, decided_at AS decidedat";

    /// <param name="firstRetryAt">When the owed payout may first be made by the worker, if the request's own attempt came to nothing.</param>
    public static async Task<WithdrawalRequest> RequestAsync(
        NpgsqlDataSource dataSource, Guid userId, string key, long amount, DateTimeOffset now, DateTimeOffset firstRetryAt, ReferralMetrics metrics)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended('referral-withdrawals:' || @userId::text, 0))",
            new { userId }, transaction);
        var earlier = await connection.QuerySingleOrDefaultAsync<WithdrawalRow>(
            $"SELECT {Columns} FROM withdrawals WHERE user_id = @userId AND idempotency_key = @key", new { userId, key }, transaction);
        if (earlier is not null)
        {
            return earlier.Amount == amount
                ? new WithdrawalRequest(earlier.ToWithdrawal(), false, WithdrawalRefusal.None, 0)
                : new WithdrawalRequest(null, false, WithdrawalRefusal.KeyReused, earlier.Amount);
        }

        var rules = await CommissionRules.InForceAsync(connection, now, transaction);
        if (amount < rules.Rules.MinWithdrawal) return new WithdrawalRequest(null, false, WithdrawalRefusal.BelowMinimum, rules.Rules.MinWithdrawal);
        var available = (await Balances.OfAsync(connection, userId, transaction)).Available.Amount;
        if (amount > available) return new WithdrawalRequest(null, false, WithdrawalRefusal.AboveAvailable, Math.Max(available, 0));

        // The request pays out at once (WithdrawalPayouts); the payout is also owed, so the owed-call worker makes it if that
        // attempt came to nothing (the adapter or provider down, a crash in between).
        var created = await connection.QuerySingleAsync<WithdrawalRow>(
            $"""
            INSERT INTO withdrawals (id, user_id, idempotency_key, amount, currency, status, requested_at)
            VALUES (@id, @userId, @key, @amount, 'CNY', 'pending', @now)
            RETURNING {Columns}
            """,
            new { id = Guid.CreateVersion7(), userId, key, amount, now }, transaction);
        await OwedCalls.AddAsync(connection, transaction, WithdrawalPayouts.Kind, created.WithdrawalId,
            new PayoutPayload(userId, amount, created.Currency), now, id: created.WithdrawalId, firstAttemptAt: firstRetryAt);
        await transaction.CommitAsync();
        metrics.WithdrawalRequested();
        return new WithdrawalRequest(created.ToWithdrawal(), true, WithdrawalRefusal.None, 0);
    }

    /// <summary>Records the payout's answer; the first answer stands (a pending-only update), a repeat returns where it stands.</summary>
    public static async Task<Withdrawal> DecideAsync(
        NpgsqlConnection connection, Guid withdrawalId, bool paid, string? failureReason, DateTimeOffset now, ReferralMetrics metrics,
        NpgsqlTransaction? transaction = null)
    {
        var decided = await connection.QuerySingleOrDefaultAsync<WithdrawalRow>(
            $"""
            UPDATE withdrawals SET status = @status, failure_reason = @reason, decided_at = @now
            WHERE id = @withdrawalId AND status = 'pending'
            RETURNING {Columns}
            """,
            new { status = paid ? "paid" : "failed", reason = paid ? null : failureReason ?? "declined", now, withdrawalId }, transaction);
        if (decided is not null) metrics.WithdrawalDecided(decided.Status, decided.Amount);
        return (decided ?? await connection.QuerySingleAsync<WithdrawalRow>(
            $"SELECT {Columns} FROM withdrawals WHERE id = @withdrawalId", new { withdrawalId }, transaction)).ToWithdrawal();
    }

    public static async Task<IReadOnlyList<Withdrawal>> OfUserAsync(NpgsqlConnection connection, Guid userId, Guid? before, int take) =>
        (await connection.QueryAsync<WithdrawalRow>(
            $"""
            SELECT {Columns} FROM withdrawals WHERE user_id = @userId AND (@before::uuid IS NULL OR id < @before)
            ORDER BY id DESC LIMIT @take
            """,
            new { userId, before, take })).Select(row => row.ToWithdrawal()).ToList();

    /// <summary>Everyone's withdrawals for admins, newest first; <paramref name="status"/> null for all.</summary>
    public static async Task<IReadOnlyList<AdminWithdrawal>> ListAsync(NpgsqlConnection connection, string? status, int take) =>
        (await connection.QueryAsync<AdminRow>(
            $"""
            SELECT {Columns}, coalesce((SELECT c.attempts FROM owed_calls c WHERE c.id = withdrawals.id), 0) AS attempts
            FROM withdrawals WHERE @status::text IS NULL OR status = @status
            ORDER BY id DESC LIMIT @take
            """,
            new { status, take })).Select(row => new AdminWithdrawal(
                row.UserId,
                new WithdrawalRow(row.WithdrawalId, row.UserId, row.Amount, row.Currency, row.Status, row.FailureReason, row.RequestedAt, row.DecidedAt)
                    .ToWithdrawal(),
                row.Attempts)).ToList();

    private sealed record AdminRow(
        Guid WithdrawalId, Guid UserId, long Amount, string Currency, string Status, string? FailureReason, DateTime RequestedAt, DateTime? DecidedAt,
        int Attempts);
}

/// <summary>What the owed payout call carries (its id and subject are the withdrawal's).</summary>
public sealed record PayoutPayload(Guid UserId, long Amount, string Currency);

public sealed record WithdrawalRow(
    Guid WithdrawalId, Guid UserId, long Amount, string Currency, string Status, string? FailureReason, DateTime RequestedAt, DateTime? DecidedAt)
{
    public Withdrawal ToWithdrawal() => new(
        WithdrawalId, new Money(Amount, Currency), Status, FailureReason, new DateTimeOffset(RequestedAt, TimeSpan.Zero),
        DecidedAt is { } decided ? new DateTimeOffset(decided, TimeSpan.Zero) : null);
}
