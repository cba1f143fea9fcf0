using Dapper;
using Npgsql;
using SocialCommerce.Contracts.Events.Identity;
using SocialCommerce.Identity.Phones;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Identity.Users;

public sealed record UserRow(
    Guid Id, byte[]? PhoneCipher, string? PhoneMasked, string? PasswordHash, string Nickname, string? AvatarUrl,
    bool RealNameVerified, DateTime CreatedAt, DateTime? ErasedAt, DateTime? PhoneVerifiedAt);

public enum RoleChange { Changed, NoSuchUser, LastAdmin }

public sealed class UserStore(NpgsqlDataSource dataSource, PhoneProtector phones)
{
    private const string Columns =
        "id, phone_cipher, phone_masked, password_hash, nickname, avatar_url, real_name_verified, created_at, erased_at, phone_verified_at";

    /// <returns>The new user's id, or null when the phone already has an account that may keep it.</returns>
    /// <param name="fixedId">Only for demo data, whose ids other services' demo data refer to.</param>
    /// <param name="deviceId">The client's X-Device-Id, passed on for referral's anti-fraud checks; never stored here.</param>
    /// <param name="phoneVerified">
    /// The caller proved the phone with an SMS code: an account that holds the number without ever having proven it loses it
    /// (and its sessions) to this one, so nobody can squat someone else's number.
    /// </param>
    public async Task<Guid?> CreateAsync(
        PhoneNumber phone, string? passwordHash, string nickname, string? inviteCode, Guid? fixedId = null, string? deviceId = null,
        bool phoneVerified = false)
    {
        var id = fixedId ?? Guid.CreateVersion7();
        var hash = phones.Hash(phone);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        if (phoneVerified) await ReleaseUnprovenHolderAsync(connection, transaction, hash);
        var inserted = await connection.ExecuteAsync(
            """
            INSERT INTO users (id, phone_hash, phone_cipher, phone_masked, password_hash, nickname, invite_code, phone_verified_at)
            VALUES (@id, @hash, @cipher, @masked, @passwordHash, @nickname, @inviteCode, CASE WHEN @phoneVerified THEN now() END)
            ON CONFLICT (phone_hash) WHERE phone_hash IS NOT NULL DO NOTHING;
            """,
            new { id, hash, cipher = phones.Encrypt(phone), masked = phone.Masked, passwordHash, nickname, inviteCode, phoneVerified },
            transaction);
        if (inserted == 0) return null;

        await connection.ExecuteAsync(
            """
            INSERT INTO user_roles (user_id, role) VALUES (@id, 'shopper');
            INSERT INTO consents (user_id) VALUES (@id);
            """,
            new { id }, transaction);
        await Outbox.AddAsync(connection, transaction, new UserRegistered(
            id, nickname, inviteCode, DateTimeOffset.UtcNow, phone.Digits[..7], deviceId, phoneVerified));
        await transaction.CommitAsync();
        return id;
    }

    /// <summary>
    /// The account that holds <paramref name="phoneHash"/> without having proven it gives the number up: it keeps its id and
    /// data but can no longer be signed in to (no phone to sign in with, every session ended).
    /// </summary>
    private static Task ReleaseUnprovenHolderAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, byte[] phoneHash) =>
        connection.ExecuteAsync(
            """
            WITH released AS (
                UPDATE users SET phone_hash = NULL, phone_cipher = NULL, phone_masked = NULL, updated_at = now()
                WHERE phone_hash = @phoneHash AND phone_verified_at IS NULL
                RETURNING id
            )
            DELETE FROM refresh_tokens WHERE user_id IN (SELECT id FROM released)
            """,
            new { phoneHash }, transaction);

    /// <summary>The signed-in account proved its own phone; announced once, so referral lets it earn.</summary>
    /// <returns>False when it had proven it before (or does not exist).</returns>
    public async Task<bool> MarkPhoneVerifiedAsync(Guid id)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var verifiedAt = await connection.ExecuteScalarAsync<DateTime?>(
            """
            UPDATE users SET phone_verified_at = now(), updated_at = now()
            WHERE id = @id AND phone_verified_at IS NULL AND erased_at IS NULL AND phone_hash IS NOT NULL
            RETURNING phone_verified_at
            """,
            new { id }, transaction);
        if (verifiedAt is null) return false;
        await Outbox.AddAsync(connection, transaction, new PhoneVerified(id, new DateTimeOffset(DateTime.SpecifyKind(verifiedAt.Value, DateTimeKind.Utc))));
        await transaction.CommitAsync();
        return true;
    }

    public async Task<byte[]?> PhoneHashAsync(Guid id)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<byte[]?>("SELECT phone_hash FROM users WHERE id = @id AND erased_at IS NULL", new { id });
    }

    public async Task<UserRow?> FindByPhoneAsync(PhoneNumber phone)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<UserRow>(
            $"SELECT {Columns} FROM users WHERE phone_hash = @hash", new { hash = phones.Hash(phone) });
    }

    public async Task<UserRow?> FindAsync(Guid id)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<UserRow>($"SELECT {Columns} FROM users WHERE id = @id", new { id });
    }

    public async Task<IReadOnlyList<UserRow>> FindManyAsync(IReadOnlyCollection<Guid> ids)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<UserRow>($"SELECT {Columns} FROM users WHERE id = ANY(@ids)", new { ids = ids.ToArray() })).ToList();
    }

    public async Task<IReadOnlyList<string>> RolesAsync(Guid id)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<string>("SELECT role FROM user_roles WHERE user_id = @id ORDER BY role", new { id })).ToList();
    }

    public async Task<ILookup<Guid, string>> RolesAsync(IReadOnlyCollection<Guid> ids)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(Guid UserId, string Role)>(
            "SELECT user_id, role FROM user_roles WHERE user_id = ANY(@ids) ORDER BY role", new { ids = ids.ToArray() });
        return rows.ToLookup(row => row.UserId, row => row.Role);
    }

    public async Task UpdateProfileAsync(Guid id, string? nickname, string? avatarUrl)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            UPDATE users SET nickname = COALESCE(@nickname, nickname), avatar_url = COALESCE(@avatarUrl, avatar_url), updated_at = now()
            WHERE id = @id AND erased_at IS NULL
            """,
            new { id, nickname, avatarUrl });
    }

    /// <summary>Grants or revokes a role of a live (not erased) user. The last admin's admin role is never revoked.</summary>
    public async Task<RoleChange> SetRoleAsync(Guid id, string role, bool granted)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // Locked, so an erasure running at the same time cannot leave a role on an erased account.
        var live = await connection.ExecuteScalarAsync<int?>(
            "SELECT 1 FROM users WHERE id = @id AND erased_at IS NULL FOR UPDATE", new { id }, transaction);
        if (live is null) return RoleChange.NoSuchUser;
        if (granted) await GrantRoleAsync(connection, transaction, id, role);
        else
        {
            if (role == Roles.Admin && await IsLastAdminAsync(connection, transaction, id)) return RoleChange.LastAdmin;
            await connection.ExecuteAsync("DELETE FROM user_roles WHERE user_id = @id AND role = @role", new { id, role }, transaction);
        }

        await transaction.CommitAsync();
        return RoleChange.Changed;
    }

    /// <summary>
    /// True when <paramref name="id"/> is an admin and no other live account is. Every admin row is locked until the caller's
    /// transaction ends, so two admins removing themselves at once take turns and the second one sees it is the last.
    /// </summary>
    public static async Task<bool> IsLastAdminAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id)
    {
        var admins = (await connection.QueryAsync<Guid>(
            """
            SELECT r.user_id FROM user_roles r JOIN users u ON u.id = r.user_id
            WHERE r.role = 'admin' AND u.erased_at IS NULL
            ORDER BY r.user_id
            FOR UPDATE OF r
            """,
            transaction: transaction)).ToList();
        return admins.Contains(id) && admins.Count == 1;
    }

    /// <summary>
    /// Brings an erased account back under its old id with a new phone and password: only demo data does this, so its fixed
    /// ids (which other services' demo data refer to) work again after a demo account was erased. False when it is not erased.
    /// </summary>
    public async Task<bool> RestoreErasedAsync(Guid id, PhoneNumber phone, string passwordHash, string nickname)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var restored = await connection.ExecuteAsync(
            """
            UPDATE users SET phone_hash = @hash, phone_cipher = @cipher, phone_masked = @masked, password_hash = @passwordHash,
                nickname = @nickname, erased_at = NULL, updated_at = now()
            WHERE id = @id AND erased_at IS NOT NULL
            """,
            new { id, hash = phones.Hash(phone), cipher = phones.Encrypt(phone), masked = phone.Masked, passwordHash, nickname },
            transaction);
        if (restored == 0) return false;
        await connection.ExecuteAsync(
            """
            INSERT INTO user_roles (user_id, role) VALUES (@id, 'shopper') ON CONFLICT DO NOTHING;
            INSERT INTO consents (user_id) VALUES (@id) ON CONFLICT DO NOTHING;
            """,
            new { id }, transaction);
        await transaction.CommitAsync();
        return true;
    }

    public async Task GrantRoleAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, string role)
    {
        if (!Roles.All.Contains(role)) throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown role.");
        await connection.ExecuteAsync(
            "INSERT INTO user_roles (user_id, role) VALUES (@id, @role) ON CONFLICT DO NOTHING", new { id, role }, transaction);
    }
}
