using Dapper;
using Npgsql;

namespace SocialCommerce.Identity.Tokens;

/// <summary>
/// Lock-out with back-off per phone number: after 5 failures in a row the number is locked for 1 minute,
/// doubling with every further failure up to an hour. A success clears the record. Per-IP limits live at
/// the gateway; this one stops a slow, distributed guess at one account.
/// </summary>
public sealed class SignInThrottle(NpgsqlDataSource dataSource, TimeProvider time)
{
    public const int FreeFailures = 5;
    private static readonly TimeSpan MaxLock = TimeSpan.FromHours(1);

    public async Task<TimeSpan?> LockedForAsync(byte[] phoneHash)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var until = await connection.ExecuteScalarAsync<DateTime?>(
            "SELECT locked_until FROM sign_in_throttle WHERE phone_hash = @phoneHash", new { phoneHash });
        var left = until is null ? TimeSpan.Zero : until.Value.ToUniversalTime() - time.GetUtcNow().UtcDateTime;
        return left > TimeSpan.Zero ? left : null;
    }

    public async Task RecordFailureAsync(byte[] phoneHash)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var failures = await connection.ExecuteScalarAsync<int>(
            """
            INSERT INTO sign_in_throttle (phone_hash, failures, last_failure_at) VALUES (@phoneHash, 1, now())
            ON CONFLICT (phone_hash) DO UPDATE SET failures = sign_in_throttle.failures + 1, last_failure_at = now()
            RETURNING failures
            """,
            new { phoneHash });
        if (failures < FreeFailures) return;

        var lockFor = TimeSpan.FromMinutes(Math.Min(Math.Pow(2, failures - FreeFailures), MaxLock.TotalMinutes));
        await connection.ExecuteAsync(
            "UPDATE sign_in_throttle SET locked_until = @until WHERE phone_hash = @phoneHash",
            new { phoneHash, until = time.GetUtcNow().UtcDateTime + lockFor });
    }

    public async Task ResetAsync(byte[] phoneHash)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("DELETE FROM sign_in_throttle WHERE phone_hash = @phoneHash", new { phoneHash });
    }
}
