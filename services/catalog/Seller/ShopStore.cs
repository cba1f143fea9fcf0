using Dapper;
using Npgsql;

namespace SocialCommerce.Catalog.Seller;

public sealed class ShopStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Opens the merchant's shop unless one exists. ON CONFLICT as well as the consumer's inbox: demo data opens
    /// some shops directly, and a merchant approved again (a second application) keeps the shop they have.
    /// </summary>
    /// <returns>Whether a shop was opened.</returns>
    public static async Task<bool> OpenAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid merchantId, Guid applicationId, string name, DateTimeOffset openedAt)
    {
        var inserted = await connection.ExecuteAsync(
            """
            INSERT INTO shops (id, merchant_id, application_id, name, created_at)
            VALUES (@id, @merchantId, @applicationId, @name, @openedAt)
            ON CONFLICT DO NOTHING
            """,
            new { id = Guid.CreateVersion7(), merchantId, applicationId, name, openedAt }, transaction);
        return inserted == 1;
    }

    public async Task<Guid?> FindByMerchantAsync(Guid merchantId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<Guid?>("SELECT id FROM shops WHERE merchant_id = @merchantId", new { merchantId });
    }
}
