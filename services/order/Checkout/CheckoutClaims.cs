using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;
using SocialCommerce.ServiceDefaults.Postgres;

namespace SocialCommerce.Order.Checkout;

public sealed record CheckoutClaim(Guid OrderId, string RequestHash, int? StatusCode, string? Response);

/// <summary>
/// The Idempotency-Key of checkout. A session advisory lock on (user, key) makes concurrent repeats wait for the
/// first request instead of racing it, then read its answer. The key's order id is committed before any work,
/// so a request that crashed halfway is resumed under the same order id by its retry (every later step is
/// idempotent per order id); the answer is committed after the work.
/// </summary>
public static class CheckoutClaims
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static readonly PersonalDataPart[] PersonalData = [new("checkoutRequests", "SELECT * FROM checkout_requests WHERE user_id = @userId")];

    /// <summary>The fingerprint of what the key asked for: the target (cart, a campaign, a team) and the body.</summary>
    public static string Hash(string target, CheckoutRequest request) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(target + "\n" + JsonSerializer.Serialize(request, Json))));

    public static Task LockAsync(NpgsqlConnection connection, Guid userId, string key, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_lock(hashtextextended(@lockKey, 0))", new { lockKey = $"checkout:{userId}:{key}" },
            cancellationToken: cancellationToken));

    public static Task UnlockAsync(NpgsqlConnection connection, Guid userId, string key) =>
        connection.ExecuteAsync("SELECT pg_advisory_unlock(hashtextextended(@lockKey, 0))", new { lockKey = $"checkout:{userId}:{key}" });

    /// <summary>
    /// Whether the key was used before. A fast refusal (sold out, team full) asks this first: a repeat of a key that did
    /// place an order must still get that order, not the refusal the campaign's state would give a new attempt.
    /// </summary>
    public static async Task<bool> ExistsAsync(NpgsqlDataSource dataSource, Guid userId, string key)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM checkout_requests WHERE user_id = @userId AND idempotency_key = @key)", new { userId, key });
    }

    /// <summary>The key's claim, created with a new order id if this is the key's first use.</summary>
    public static async Task<CheckoutClaim> FindOrCreateAsync(
        NpgsqlConnection connection, Guid userId, string key, string requestHash, DateTimeOffset now)
    {
        await connection.ExecuteAsync(
            """
            INSERT INTO checkout_requests (user_id, idempotency_key, request_hash, order_id, created_at)
            VALUES (@userId, @key, @requestHash, @orderId, @now)
            ON CONFLICT DO NOTHING
            """,
            new { userId, key, requestHash, orderId = Guid.CreateVersion7(), now });
        return await connection.QuerySingleAsync<CheckoutClaim>(
            """
            SELECT order_id, request_hash, status_code, response::text AS response
            FROM checkout_requests WHERE user_id = @userId AND idempotency_key = @key
            """,
            new { userId, key });
    }

    public static Task CompleteAsync(NpgsqlConnection connection, Guid userId, string key, CheckoutResult result) =>
        connection.ExecuteAsync(
            """
            UPDATE checkout_requests SET status_code = @StatusCode, response = @response::jsonb
            WHERE user_id = @userId AND idempotency_key = @key
            """,
            new { userId, key, result.StatusCode, response = JsonSerializer.Serialize(result, Json) });

    /// <summary>Forgets a key whose request failed transiently and was undone, so a retry starts afresh.</summary>
    public static Task ForgetAsync(NpgsqlConnection connection, Guid userId, string key) =>
        connection.ExecuteAsync("DELETE FROM checkout_requests WHERE user_id = @userId AND idempotency_key = @key", new { userId, key });

    public static CheckoutResult Read(string response) => JsonSerializer.Deserialize<CheckoutResult>(response, Json)!;
}
