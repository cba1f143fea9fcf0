using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace SocialCommerce.Identity.Tokens;

public enum RefreshOutcome { Rotated, Unknown, Expired, Revoked, ReuseDetected }

/// <summary>
/// Opaque refresh tokens, stored only as SHA-256 hashes. Every refresh rotates: the presented token is
/// marked used and a new one of the same family is issued. Presenting a used token again means it was
/// copied, so the whole family (that sign-in on every device it reached) is revoked. A family ends
/// <see cref="IdentityOptions.SessionMaxDays"/> after its sign-in, however often it was refreshed.
/// </summary>
public sealed class RefreshTokenStore(NpgsqlDataSource dataSource, IOptions<IdentityOptions> options)
{
    /// <param name="familyStartedAt">The sign-in's start when rotating within a family; a new sign-in starts now.</param>
    public async Task<string> IssueAsync(
        Guid userId, Guid? familyId = null, NpgsqlConnection? connection = null, NpgsqlTransaction? transaction = null, DateTime? familyStartedAt = null)
    {
        var token = Base64UrlToken();
        var sql = """
            INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at, family_started_at)
            VALUES (@hash, @familyId, @userId, now() + make_interval(days => @days), COALESCE(@familyStartedAt, now()))
            """;
        var args = new { hash = Hash(token), familyId = familyId ?? Guid.CreateVersion7(), userId, days = options.Value.RefreshTokenDays, familyStartedAt };
        if (connection is null)
        {
            await using var own = await dataSource.OpenConnectionAsync();
            await own.ExecuteAsync(sql, args);
        }
        else
        {
            await connection.ExecuteAsync(sql, args, transaction);
        }

        return token;
    }

    public async Task<(RefreshOutcome Outcome, Guid UserId, string? NewToken)> RotateAsync(string presented)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // FOR UPDATE serialises concurrent refreshes of one token: the second sees it used and trips reuse detection.
        var row = await connection.QuerySingleOrDefaultAsync<StoredToken>(
            """
            SELECT t.family_id, t.user_id, t.expires_at, t.used_at, t.revoked_at, t.family_started_at, u.erased_at
            FROM refresh_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = @hash FOR UPDATE OF t
            """,
            new { hash = Hash(presented) }, transaction);
        if (row is null) return (RefreshOutcome.Unknown, Guid.Empty, null);
        if (row.RevokedAt is not null || row.ErasedAt is not null) return (RefreshOutcome.Revoked, row.UserId, null);
        if (row.UsedAt is not null)
        {
            await RevokeFamilyAsync(connection, transaction, row.FamilyId);
            await transaction.CommitAsync();
            return (RefreshOutcome.ReuseDetected, row.UserId, null);
        }

        if (row.ExpiresAt <= DateTime.UtcNow) return (RefreshOutcome.Expired, row.UserId, null);
        if (row.FamilyStartedAt.AddDays(options.Value.SessionMaxDays) <= DateTime.UtcNow) return (RefreshOutcome.Expired, row.UserId, null);

        await connection.ExecuteAsync("UPDATE refresh_tokens SET used_at = now() WHERE token_hash = @hash", new { hash = Hash(presented) }, transaction);
        var next = await IssueAsync(row.UserId, row.FamilyId, connection, transaction, row.FamilyStartedAt);
        await transaction.CommitAsync();
        return (RefreshOutcome.Rotated, row.UserId, next);
    }

    /// <summary>Sign-out: revokes the family of a token the caller owns; anything else is silently ignored.</summary>
    public async Task RevokeAsync(string presented, Guid userId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            UPDATE refresh_tokens SET revoked_at = now()
            WHERE revoked_at IS NULL AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = @hash AND user_id = @userId)
            """,
            new { hash = Hash(presented), userId });
    }

    public async Task<IReadOnlyList<SessionRow>> SessionsAsync(Guid userId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<SessionRow>(
            """
            -- family_started_at, not the oldest row: retention deletes a long session's early tokens, its start stays.
            SELECT family_id, min(family_started_at) AS started_at, max(created_at) AS last_refreshed_at,
                   bool_or(revoked_at IS NOT NULL) AS revoked
            FROM refresh_tokens WHERE user_id = @userId GROUP BY family_id ORDER BY started_at
            """,
            new { userId })).ToList();
    }

    private static Task RevokeFamilyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid familyId) =>
        connection.ExecuteAsync("UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = @familyId AND revoked_at IS NULL",
            new { familyId }, transaction);

    private static string Base64UrlToken() => Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    private static byte[] Hash(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));

    private sealed record StoredToken(
        Guid FamilyId, Guid UserId, DateTime ExpiresAt, DateTime? UsedAt, DateTime? RevokedAt, DateTime FamilyStartedAt, DateTime? ErasedAt);
}

public sealed record SessionRow(Guid FamilyId, DateTime StartedAt, DateTime LastRefreshedAt, bool Revoked);
