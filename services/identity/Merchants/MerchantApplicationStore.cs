using Dapper;
using Npgsql;
using SocialCommerce.Contracts.Events.Identity;
using SocialCommerce.Identity.Users;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Identity.Merchants;

public sealed record MerchantApplicationRow(
    Guid Id, Guid UserId, string ShopName, string BusinessLicenseNo, string ContactName, string Status, string? Reason,
    DateTime CreatedAt, DateTime? DecidedAt);

public enum SubmitOutcome { Created, AlreadyPending, AlreadyMerchant }

public enum DecideOutcome { Decided, NotFound, NotPending }

public sealed class MerchantApplicationStore(NpgsqlDataSource dataSource, UserStore users)
{
    private const string Columns = "id, user_id, shop_name, business_license_no, contact_name, status, reason, created_at, decided_at";

    public async Task<(SubmitOutcome Outcome, Guid Id)> SubmitAsync(Guid userId, string shopName, string licenseNo, string contactName)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var isMerchant = await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM user_roles WHERE user_id = @userId AND role = 'merchant')", new { userId });
        if (isMerchant) return (SubmitOutcome.AlreadyMerchant, Guid.Empty);

        var id = Guid.CreateVersion7();
        var inserted = await connection.ExecuteAsync(
            $"""
            INSERT INTO merchant_applications (id, user_id, shop_name, business_license_no, contact_name, status)
            VALUES (@id, @userId, @shopName, @licenseNo, @contactName, 'pending')
            ON CONFLICT (user_id) WHERE status = 'pending' DO NOTHING
            """,
            new { id, userId, shopName, licenseNo, contactName });
        return inserted == 0 ? (SubmitOutcome.AlreadyPending, Guid.Empty) : (SubmitOutcome.Created, id);
    }

    public async Task<MerchantApplicationRow?> FindAsync(Guid id)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<MerchantApplicationRow>(
            $"SELECT {Columns} FROM merchant_applications WHERE id = @id", new { id });
    }

    public async Task<IReadOnlyList<MerchantApplicationRow>> ForUserAsync(Guid userId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<MerchantApplicationRow>(
            $"SELECT {Columns} FROM merchant_applications WHERE user_id = @userId ORDER BY created_at", new { userId })).ToList();
    }

    public async Task<IReadOnlyList<MerchantApplicationRow>> ByStatusAsync(string status, int limit)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<MerchantApplicationRow>(
            $"SELECT {Columns} FROM merchant_applications WHERE status = @status ORDER BY created_at LIMIT @limit",
            new { status, limit })).ToList();
    }

    /// <summary>
    /// Approval grants the role and publishes MerchantApproved in one transaction; the row lock makes two
    /// admins deciding at once end with one decision and one 409.
    /// </summary>
    public async Task<DecideOutcome> DecideAsync(Guid id, Guid adminId, bool approve, string? reason)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var application = await connection.QuerySingleOrDefaultAsync<MerchantApplicationRow>(
            $"SELECT {Columns} FROM merchant_applications WHERE id = @id FOR UPDATE", new { id }, transaction);
        if (application is null) return DecideOutcome.NotFound;
        if (application.Status != "pending") return DecideOutcome.NotPending;

        await connection.ExecuteAsync(
            """
            UPDATE merchant_applications SET status = @status, reason = @reason, decided_at = now(), decided_by = @adminId
            WHERE id = @id
            """,
            new { id, adminId, reason, status = approve ? "approved" : "rejected" }, transaction);
        if (approve)
        {
            await users.GrantRoleAsync(connection, transaction, application.UserId, Roles.Merchant);
            await Outbox.AddAsync(connection, transaction,
                new MerchantApproved(application.UserId, application.Id, application.ShopName, DateTimeOffset.UtcNow));
        }

        await transaction.CommitAsync();
        return DecideOutcome.Decided;
    }
}
