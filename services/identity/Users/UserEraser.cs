using Dapper;
using Npgsql;
using SocialCommerce.Contracts.Events.Identity;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Identity.Users;

public enum Erasure { Erased, NoSuchUser, LastAdmin }

/// <summary>
/// PIPL erasure. The user row stays as a tombstone (other services hold its id on orders and posts) but
/// loses everything that identifies a person; the phone becomes free for a new account, every session
/// ends, and UserErased tells every other service to do its part.
/// </summary>
public sealed class UserEraser(NpgsqlDataSource dataSource)
{
    public const string ErasedNickname = "已注销用户";

    public async Task<Erasure> EraseAsync(Guid userId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var target = await connection.QuerySingleOrDefaultAsync<ErasureTarget>(
            "SELECT id, phone_hash FROM users WHERE id = @userId AND erased_at IS NULL FOR UPDATE", new { userId }, transaction);
        if (target is null) return Erasure.NoSuchUser;
        // The platform is never left without an admin: nobody could appoint one again.
        if (await UserStore.IsLastAdminAsync(connection, transaction, userId)) return Erasure.LastAdmin;

        await connection.ExecuteAsync(
            """
            UPDATE users SET phone_hash = NULL, phone_cipher = NULL, phone_masked = NULL, password_hash = NULL,
                nickname = @nickname, avatar_url = NULL, invite_code = NULL, real_name_verified = false, phone_verified_at = NULL,
                erased_at = now(), updated_at = now()
            WHERE id = @userId;
            DELETE FROM refresh_tokens WHERE user_id = @userId;
            DELETE FROM user_roles WHERE user_id = @userId;
            DELETE FROM consents WHERE user_id = @userId;
            DELETE FROM merchant_applications WHERE user_id = @userId;
            DELETE FROM sms_codes WHERE phone_hash = @phoneHash;
            DELETE FROM sign_in_throttle WHERE phone_hash = @phoneHash;
            DELETE FROM development_sms_messages WHERE phone_hash = @phoneHash;
            """,
            new { userId, phoneHash = target.PhoneHash, nickname = ErasedNickname }, transaction);
        await Outbox.AddAsync(connection, transaction, new UserErased(userId, DateTimeOffset.UtcNow));
        await transaction.CommitAsync();
        return Erasure.Erased;
    }

    private sealed record ErasureTarget(Guid Id, byte[]? PhoneHash);
}
