using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace SocialCommerce.Identity.Sms;

public enum CodeCheck { Valid, Invalid }

/// <summary>
/// Six-digit one-time codes, stored hashed, valid 5 minutes, dead after 5 wrong tries. Sending is limited
/// per number (one a minute, ten a day) so nobody can use us to flood a phone or burn SMS budget.
/// </summary>
public sealed class SmsCodeStore(NpgsqlDataSource dataSource)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(60);
    public const int DailyLimit = 10;
    public const int MaxAttempts = 5;

    /// <returns>The code to send, or how long to wait when the number is over its limits.</returns>
    public async Task<(string? Code, TimeSpan RetryAfter)> CreateAsync(byte[] phoneHash, string purpose)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // Serialise senders for one number so two parallel requests cannot both pass the interval check.
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended(encode(@phoneHash, 'hex'), 0))", new { phoneHash }, transaction);
        var recent = await connection.QuerySingleAsync<RecentCodes>(
            """
            SELECT count(*) AS count, max(created_at) AS last FROM sms_codes
            WHERE phone_hash = @phoneHash AND created_at > now() - interval '1 day'
            """,
            new { phoneHash }, transaction);
        var now = DateTime.UtcNow;
        if (recent.Last is { } last && now - last.ToUniversalTime() < MinInterval)
        {
            return (null, MinInterval - (now - last.ToUniversalTime()));
        }

        if (recent.Count >= DailyLimit) return (null, TimeSpan.FromHours(1));

        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6");
        await connection.ExecuteAsync(
            """
            INSERT INTO sms_codes (id, phone_hash, purpose, code_hash, expires_at)
            VALUES (@id, @phoneHash, @purpose, @codeHash, now() + @lifetime)
            """,
            new { id = Guid.CreateVersion7(), phoneHash, purpose, codeHash = HashCode(phoneHash, code), lifetime = Lifetime },
            transaction);
        await transaction.CommitAsync();
        return (code, TimeSpan.Zero);
    }

    /// <summary>
    /// Checks against the newest live code sent for <paramref name="purpose"/>; a match consumes it, a miss counts an attempt.
    /// A code only proves what it was asked for: a sign-in code does not create an account with a password, and the other way.
    /// </summary>
    public async Task<CodeCheck> ConsumeAsync(byte[] phoneHash, string code, string purpose)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var live = await connection.QuerySingleOrDefaultAsync<LiveCode>(
            """
            SELECT id, code_hash FROM sms_codes
            WHERE phone_hash = @phoneHash AND purpose = @purpose AND consumed_at IS NULL AND expires_at > now() AND attempts < @max
            ORDER BY created_at DESC LIMIT 1 FOR UPDATE
            """,
            new { phoneHash, purpose, max = MaxAttempts }, transaction);
        if (live is null) return CodeCheck.Invalid;

        var matches = CryptographicOperations.FixedTimeEquals(live.CodeHash, HashCode(phoneHash, code));
        await connection.ExecuteAsync(
            matches
                ? "UPDATE sms_codes SET consumed_at = now() WHERE id = @id"
                : "UPDATE sms_codes SET attempts = attempts + 1 WHERE id = @id",
            new { id = live.Id }, transaction);
        await transaction.CommitAsync();
        return matches ? CodeCheck.Valid : CodeCheck.Invalid;
    }

    public static bool IsWellFormed(string code) => code.Length == 6 && code.All(char.IsAsciiDigit);

    private static byte[] HashCode(byte[] phoneHash, string code) => SHA256.HashData([.. phoneHash, .. Encoding.ASCII.GetBytes(code)]);

    private sealed record LiveCode(Guid Id, byte[] CodeHash);

    private sealed record RecentCodes(long Count, DateTime? Last);
}
