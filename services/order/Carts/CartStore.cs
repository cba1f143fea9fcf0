using System.Text.Json;
using Dapper;
using Npgsql;
using SocialCommerce.ServiceDefaults.Postgres;

namespace SocialCommerce.Order.Carts;

/// <summary>The carts table: one row per shopper, the lines as a JSON list the app replaces whole.</summary>
public sealed class CartStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static readonly PersonalDataPart[] PersonalData = [new("cart", "SELECT * FROM carts WHERE user_id = @userId")];

    public async Task<IReadOnlyList<CartLine>> GetAsync(Guid userId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var lines = await connection.QuerySingleOrDefaultAsync<string>("SELECT lines::text FROM carts WHERE user_id = @userId", new { userId });
        return lines is null ? [] : JsonSerializer.Deserialize<List<CartLine>>(lines, Json)!;
    }

    public async Task PutAsync(Guid userId, IReadOnlyList<CartLine> lines)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO carts (user_id, lines, updated_at) VALUES (@userId, @lines::jsonb, @now)
            ON CONFLICT (user_id) DO UPDATE SET lines = excluded.lines, updated_at = excluded.updated_at
            """,
            new { userId, lines = JsonSerializer.Serialize(lines, Json), now = time.GetUtcNow() });
    }

    /// <summary>Demo data: fills the cart only if the shopper has none; false when one was there.</summary>
    public async Task<bool> FillIfEmptyAsync(Guid userId, IReadOnlyList<CartLine> lines)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteAsync(
            "INSERT INTO carts (user_id, lines, updated_at) VALUES (@userId, @lines::jsonb, @now) ON CONFLICT DO NOTHING",
            new { userId, lines = JsonSerializer.Serialize(lines, Json), now = time.GetUtcNow() }) == 1;
    }

    /// <summary>In the new order's transaction, a statement of its batch: the SKUs it bought leave the cart.</summary>
    public static StatementBatch RemoveBought(StatementBatch batch, Guid userId, Guid[] skuIds, DateTimeOffset now) =>
        batch.Add(
            """
            UPDATE carts SET updated_at = @now, lines = coalesce(
                (SELECT jsonb_agg(line) FROM jsonb_array_elements(lines) line WHERE NOT ((line->>'skuId')::uuid = ANY(@skuIds))), '[]')
            WHERE user_id = @userId
            """,
            new { now, userId, skuIds });

    public static Task DeleteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid userId) =>
        connection.ExecuteAsync("DELETE FROM carts WHERE user_id = @userId", new { userId }, transaction);
}
