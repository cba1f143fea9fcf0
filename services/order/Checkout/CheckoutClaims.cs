using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;
using SocialCommerce.Order.Orders;
using SocialCommerce.ServiceDefaults.Postgres;

namespace SocialCommerce.Order.Checkout;

public sealed record CheckoutClaim(Guid OrderId, string RequestHash, int? StatusCode, string? Response);

/// <summary>
/// The Idempotency-Key of checkout. A session advisory lock on (user, key) makes concurrent repeats wait for the
/// first request instead of racing it, then read its answer. The key's order id is committed before any work,
/// so a request that crashed halfway is resumed under the same order id by its retry (every later step is
/// idempotent per order id); the answer is committed after the work. Taking the lock and the claim is one round trip,
/// and storing the answer and releasing the lock another: a checkout's bookkeeping costs two transactions.
/// </summary>
public static class CheckoutClaims
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static readonly PersonalDataPart[] PersonalData = [new("checkoutRequests", "SELECT * FROM checkout_requests WHERE user_id = @userId")];

    /// <summary>The fingerprint of what the key asked for: the target (cart, a campaign, a team) and the body.</summary>
    public static string Hash(string target, CheckoutRequest request) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(target + "\n" + JsonSerializer.Serialize(request, Json))));

    /// <summary>
    /// The start of a checkout, in one round trip and one transaction: the key's session lock (a concurrent repeat waits
    /// here for the first request to finish), the key's claim, created with <paramref name="newOrderId"/> if this is the
    /// key's first use, and the claim's order if it was written (a retry resuming it). The lock outlives the transaction;
    /// <see cref="FinishAsync"/> releases it.
    /// </summary>
    public static async Task<(CheckoutClaim Claim, OrderRow? Order)> LockAndClaimAsync(
        NpgsqlConnection connection, Guid userId, string key, string requestHash, Guid newOrderId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lockKey = LockKey(userId, key);
        try
        {
            await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
                $"""
                SELECT count(*) FROM (SELECT pg_advisory_lock(hashtextextended(@lockKey, 0))) locked;
                WITH created AS (
                    INSERT INTO checkout_requests (user_id, idempotency_key, request_hash, order_id, created_at)
                    VALUES (@userId, @key, @requestHash, @newOrderId, @now)
                    ON CONFLICT DO NOTHING
                    RETURNING order_id, request_hash, status_code, response
                )
                SELECT order_id, request_hash, status_code, response::text AS response FROM created
                UNION ALL
                SELECT order_id, request_hash, status_code, response::text FROM checkout_requests
                WHERE user_id = @userId AND idempotency_key = @key AND NOT EXISTS (SELECT 1 FROM created);
                {OrderStore.FindStatement("SELECT order_id FROM checkout_requests WHERE user_id = @userId AND idempotency_key = @key")};
                """,
                new { lockKey, userId, key, requestHash, newOrderId, now }, cancellationToken: cancellationToken));
            await results.ReadAsync<long>();
            // Empty only if a claim of the key committed between this statement's snapshot and its insert, which the lock
            // rules out for checkouts; a flash-sale admission of the same key (it claims without the lock) can do it.
            var claim = await results.ReadSingleOrDefaultAsync<CheckoutClaim>()
                ?? throw new InvalidOperationException("The Idempotency-Key was claimed by a flash-sale attempt at the same moment.");
            return (claim, await results.ReadSingleOrDefaultAsync<OrderRow>());
        }
        catch
        {
            await UnlockAsync(connection, userId, key);
            throw;
        }
    }

    /// <summary>
    /// The end of a checkout, in one round trip: the payment attached to the order (when one was opened), the answer stored
    /// for repeats (<paramref name="store"/>) or the claim forgotten (<paramref name="forget"/>, a failure that was undone),
    /// and the key's lock released.
    /// </summary>
    public static async Task FinishAsync(
        NpgsqlConnection connection, Guid userId, string key, CheckoutResult? store = null, bool forget = false, PaymentAttachment? attach = null)
    {
        var statements = new List<string>(4);
        if (attach is not null) statements.Add(OrderStore.AttachPaymentStatement);
        if (store is not null)
        {
            statements.Add(
                """
                UPDATE checkout_requests SET status_code = @statusCode, response = @response::jsonb
                WHERE user_id = @userId AND idempotency_key = @key
                """);
        }
        else if (forget)
        {
            statements.Add("DELETE FROM checkout_requests WHERE user_id = @userId AND idempotency_key = @key");
        }

        statements.Add("SELECT pg_advisory_unlock(hashtextextended(@lockKey, 0))");
        try
        {
            await connection.ExecuteAsync(string.Join(";\n", statements), new
            {
                userId, key, lockKey = LockKey(userId, key), statusCode = store?.StatusCode,
                response = store is null ? null : JsonSerializer.Serialize(store, Json),
                attachTo = attach?.OrderId, paymentId = attach?.PaymentId, payUrl = attach?.PayUrl,
            });
        }
        catch when (statements.Count > 1)
        {
            // The changes rolled back with their implicit transaction, but the session lock does not: release it, so the
            // client's retry (which redoes them) does not wait on this connection forever.
            await UnlockAsync(connection, userId, key);
            throw;
        }
    }

    /// <summary>A payment opened for the order, to attach in <see cref="FinishAsync"/>.</summary>
    public sealed record PaymentAttachment(Guid OrderId, Guid PaymentId, string PayUrl);

    private static string LockKey(Guid userId, string key) => $"checkout:{userId}:{key}";

    private static Task UnlockAsync(NpgsqlConnection connection, Guid userId, string key) =>
        connection.ExecuteAsync("SELECT pg_advisory_unlock(hashtextextended(@lockKey, 0))", new { lockKey = LockKey(userId, key) });

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

    public static CheckoutResult Read(string response) => JsonSerializer.Deserialize<CheckoutResult>(response, Json)!;
}
