using Dapper;
using Npgsql;

namespace SocialCommerce.ReferralCommission.Fraud;

/// <summary>What a binding was made with: the device (X-Device-Id) and the phone prefix (first 7 digits) of the new account.</summary>
public sealed record BindingSignals(string? DeviceId, string? PhonePrefix);

/// <summary>
/// Flags, never blocks: after a binding, many accounts bound from one device (to anyone) or from one phone prefix to one
/// referrer within the window open a flag (or join the open one) holding every such binding not flagged for that signal
/// before. Runs inside the binding's transaction, under its lock, so two bindings cannot both miss the threshold.
/// </summary>
public static class FraudChecks
{
    public const string SameDevice = "same-device", SamePhonePrefix = "same-phone-prefix";

    public static async Task CheckAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid referrerId, BindingSignals signals, DateTimeOffset now, ReferralOptions options,
        ReferralMetrics metrics)
    {
        var since = now - options.FraudWindow;
        if (signals.DeviceId is { } device)
        {
            var users = await connection.QueryAsync<Guid>(
                "SELECT user_id FROM bindings WHERE device_id = @device AND bound_at > @since", new { device, since }, transaction);
            await FlagIfManyAsync(connection, transaction, SameDevice, device, users.ToArray(), options.SameDeviceThreshold, now, metrics);
        }

        if (signals.PhonePrefix is { } prefix)
        {
            var users = await connection.QueryAsync<Guid>(
                "SELECT user_id FROM bindings WHERE referrer_id = @referrerId AND phone_prefix = @prefix AND bound_at > @since",
                new { referrerId, prefix, since }, transaction);
            await FlagIfManyAsync(connection, transaction, SamePhonePrefix, $"{referrerId}:{prefix}", users.ToArray(), options.SamePhonePrefixThreshold, now,
                metrics);
        }
    }

    private static async Task FlagIfManyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string reason, string signal, Guid[] users, int threshold, DateTimeOffset now,
        ReferralMetrics metrics)
    {
        if (users.Length < threshold) return;
        var opened = await connection.QuerySingleOrDefaultAsync<Guid?>(
            """
            INSERT INTO fraud_flags (id, reason, signal, raised_at) VALUES (@id, @reason, @signal, @now)
            ON CONFLICT (reason, signal) WHERE decided_at IS NULL DO NOTHING
            RETURNING id
            """,
            new { id = Guid.CreateVersion7(), reason, signal, now }, transaction);
        var flagId = opened ?? await connection.QuerySingleAsync<Guid>(
            "SELECT id FROM fraud_flags WHERE reason = @reason AND signal = @signal AND decided_at IS NULL", new { reason, signal }, transaction);
        // A binding an admin already cleared for this signal stays cleared; only the ones never looked at join.
        var added = await connection.ExecuteAsync(
            """
            INSERT INTO flagged_bindings (flag_id, user_id)
            SELECT @flagId, u FROM unnest(@users) AS u
            WHERE NOT EXISTS (SELECT 1 FROM flagged_bindings fb JOIN fraud_flags f ON f.id = fb.flag_id
                              WHERE fb.user_id = u AND f.reason = @reason AND f.signal = @signal)
            """,
            new { flagId, users, reason, signal }, transaction);
        if (opened is not null) metrics.FlagRaised(reason);
        metrics.BindingsFlagged(reason, added);
    }
}
