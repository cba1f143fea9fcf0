using Dapper;
using Npgsql;
using SocialCommerce.ReferralCommission.Codes;
using SocialCommerce.ReferralCommission.Fraud;
using SocialCommerce.ReferralCommission.Rules;

namespace SocialCommerce.ReferralCommission.Bindings;

public enum BindOutcome { Bound, UnknownCode, Self, Cycle, AlreadyBound }

public sealed record Binding(Guid ReferrerId, string Code, DateTimeOffset BoundAt, DateTimeOffset ExpiresAt);

/// <summary>
/// Who referred whom: first binding wins, never to oneself, never into a cycle (the user may not be anywhere up the referrer's
/// chain). Bindings are made one at a time (a transaction lock), so two opposite bindings made at once cannot both pass the
/// cycle check, and the fraud checks count every binding before theirs.
/// </summary>
public static class Bindings
{
    /// <summary>Inside the caller's transaction, which commits the binding (or the inbox row with it).</summary>
    /// <param name="signals">What the request or sign-up carried; what is missing is taken from what sign-up recorded.</param>
    public static async Task<(BindOutcome Outcome, Binding? Binding)> BindAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid userId, string code, string source, BindingSignals signals,
        DateTimeOffset now, ReferralOptions options, ReferralMetrics metrics)
    {
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended('referral-bindings', 0))", transaction: transaction);
        if (await InviteCodes.OwnerAsync(connection, code, transaction) is not { } referrerId) return (BindOutcome.UnknownCode, null);
        if (referrerId == userId) return (BindOutcome.Self, null);
        if (await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM bindings WHERE user_id = @userId)", new { userId }, transaction))
        {
            return (BindOutcome.AlreadyBound, null);
        }

        var cycle = await connection.ExecuteScalarAsync<bool>(
            """
            WITH RECURSIVE chain (user_id, depth) AS (
                SELECT referrer_id, 1 FROM bindings WHERE user_id = @referrerId
                UNION ALL
                SELECT b.referrer_id, c.depth + 1 FROM bindings b JOIN chain c ON b.user_id = c.user_id WHERE c.depth < 1000
            )
            SELECT EXISTS (SELECT 1 FROM chain WHERE user_id = @userId)
            """,
            new { referrerId, userId }, transaction);
        if (cycle) return (BindOutcome.Cycle, null);

        var rules = await CommissionRules.InForceAsync(connection, now, transaction);
        var binding = new Binding(referrerId, code.ToUpperInvariant(), now, now.AddDays(rules.Rules.BindingDays));
        var recorded = await connection.QuerySingleOrDefaultAsync<BindingSignals>(
            "SELECT device_id AS deviceid, phone_prefix AS phoneprefix FROM referral_users WHERE user_id = @userId", new { userId }, transaction);
        signals = new BindingSignals(signals.DeviceId ?? recorded?.DeviceId, signals.PhonePrefix ?? recorded?.PhonePrefix);
        await connection.ExecuteAsync(
            """
            INSERT INTO bindings (user_id, referrer_id, code, source, bound_at, expires_at, device_id, phone_prefix)
            VALUES (@userId, @ReferrerId, @Code, @source, @BoundAt, @ExpiresAt, @DeviceId, @PhonePrefix)
            """,
            new { userId, binding.ReferrerId, binding.Code, source, binding.BoundAt, binding.ExpiresAt, signals.DeviceId, signals.PhonePrefix },
            transaction);
        metrics.Bound(source);
        await FraudChecks.CheckAsync(connection, transaction, referrerId, signals, now, options, metrics);
        return (BindOutcome.Bound, binding);
    }

    /// <summary>The user's referrer while the binding is valid at <paramref name="at"/>; null otherwise.</summary>
    public static Task<Guid?> ReferrerAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid userId, DateTimeOffset at) =>
        connection.QuerySingleOrDefaultAsync<Guid?>(
            "SELECT referrer_id FROM bindings WHERE user_id = @userId AND bound_at <= @at AND expires_at > @at", new { userId, at }, transaction);

    /// <summary>The people <paramref name="referrerId"/> brought in, masked, newest first, and how many there are in all.</summary>
    public static async Task<(IReadOnlyList<MyReferral> Items, int Total)> ReferredByAsync(
        NpgsqlConnection connection, Guid referrerId, int skip, int take, DateTimeOffset now)
    {
        var rows = await connection.QueryAsync<ReferralRow>(
            """
            SELECT coalesce(u.nickname_masked, '*') AS nickname, b.source, b.bound_at AS boundat, b.expires_at AS expiresat,
                   (SELECT count(*) FROM bindings c WHERE c.referrer_id = b.user_id)::int AS referrals
            FROM bindings b LEFT JOIN referral_users u ON u.user_id = b.user_id
            WHERE b.referrer_id = @referrerId
            ORDER BY b.bound_at DESC, b.user_id OFFSET @skip LIMIT @take
            """,
            new { referrerId, skip, take });
        var total = await connection.ExecuteScalarAsync<int>("SELECT count(*)::int FROM bindings WHERE referrer_id = @referrerId", new { referrerId });
        var items = rows.Select(row => new MyReferral(
            row.Nickname, row.Source, new DateTimeOffset(row.BoundAt, TimeSpan.Zero), new DateTimeOffset(row.ExpiresAt, TimeSpan.Zero),
            row.ExpiresAt > now.UtcDateTime, row.Referrals)).ToList();
        return (items, total);
    }

    private sealed record ReferralRow(string Nickname, string Source, DateTime BoundAt, DateTime ExpiresAt, int Referrals);
}
