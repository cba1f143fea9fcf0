using System.Security.Cryptography;
using Dapper;
using Npgsql;

namespace SocialCommerce.ReferralCommission.Codes;

/// <summary>Each user's invite code: eight characters without look-alikes (no 0/O, 1/I/L), made on first request and kept.</summary>
public static class InviteCodes
{
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    public static async Task<string> GetOrCreateAsync(NpgsqlConnection connection, Guid userId, DateTimeOffset now)
    {
        while (true)
        {
            var existing = await connection.QuerySingleOrDefaultAsync<string>("SELECT code FROM invite_codes WHERE user_id = @userId", new { userId });
            if (existing is not null) return existing;
            try
            {
                // ON CONFLICT on the user only: a concurrent first request for the same user wins and is read back.
                await connection.ExecuteAsync(
                    "INSERT INTO invite_codes (user_id, code, created_at) VALUES (@userId, @code, @now) ON CONFLICT (user_id) DO NOTHING",
                    new { userId, code = NewCode(), now });
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // Another user drew the same code (one in 31^8): draw again.
            }
        }
    }

    /// <summary>The code's owner; null for a code nobody has. Codes are matched case-insensitively, as people type them.</summary>
    public static Task<Guid?> OwnerAsync(NpgsqlConnection connection, string code, NpgsqlTransaction? transaction = null) =>
        connection.QuerySingleOrDefaultAsync<Guid?>("SELECT user_id FROM invite_codes WHERE code = upper(@code)", new { code }, transaction);

    private static string NewCode() => string.Create(8, 0, (span, _) =>
    {
        for (var i = 0; i < span.Length; i++) span[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
    });
}
