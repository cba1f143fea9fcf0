using Dapper;
using Npgsql;
using SocialCommerce.Order.Checkout;

namespace SocialCommerce.Order.Tests;

/// <summary>
/// The Idempotency-Key's session lock (Checkout/CheckoutClaims) on real PostgreSQL. Pooled connections are not reset when
/// they go back (PostgresExtensions.ForService), so the lock must be released on every path, failures included.
/// </summary>
[TestFixture]
public sealed class CheckoutClaimsTests
{
    private OrderDatabase db = null!;

    [OneTimeSetUp]
    public void CreateDatabase() => db = OrderDatabase.Create();

    [Test]
    public async Task LockAndClaim_ThenFinish_ClaimCreatedOnceAndLockFree()
    {
        var (userId, key, orderId) = (Guid.CreateVersion7(), Guid.NewGuid().ToString(), Guid.CreateVersion7());
        await using var connection = await db.DataSource.OpenConnectionAsync();

        var (claim, order) = await CheckoutClaims.LockAndClaimAsync(connection, userId, key, "hash", orderId, DateTimeOffset.UtcNow, CancellationToken.None);
        var heldMeanwhile = !await TryLockElsewhereAsync(userId, key);
        await CheckoutClaims.FinishAsync(connection, userId, key);
        var (again, _) = await CheckoutClaims.LockAndClaimAsync(connection, userId, key, "hash", Guid.CreateVersion7(), DateTimeOffset.UtcNow, CancellationToken.None);
        await CheckoutClaims.FinishAsync(connection, userId, key);

        Assert.Multiple(async () =>
        {
            Assert.That(claim.OrderId, Is.EqualTo(orderId));
            Assert.That(order, Is.Null, "no order written yet");
            Assert.That(heldMeanwhile, Is.True, "a repeat waits while the first request runs");
            Assert.That(again.OrderId, Is.EqualTo(orderId), "the second use of the key resumes the first's order id");
            Assert.That(await TryLockElsewhereAsync(userId, key), Is.True);
        });
    }

    [Test]
    public async Task Finish_ItsStatementFails_LockReleasedAndNothingStored()
    {
        var (userId, key) = (Guid.CreateVersion7(), Guid.NewGuid().ToString());
        await using (var connection = await db.DataSource.OpenConnectionAsync())
        {
            var (claim, _) = await CheckoutClaims.LockAndClaimAsync(connection, userId, key, "hash", Guid.CreateVersion7(), DateTimeOffset.UtcNow, CancellationToken.None);
            // PostgreSQL refuses a NUL in text: the batch fails after the lock was taken.
            var attach = new CheckoutClaims.PaymentAttachment(claim.OrderId, Guid.CreateVersion7(), "http://pay\0");
            Assert.That(async () => await CheckoutClaims.FinishAsync(connection, userId, key,
                CheckoutResult.Refused(409, "refused", "refused"), attach: attach), Throws.InstanceOf<PostgresException>());
        }

        Assert.Multiple(async () =>
        {
            Assert.That(await TryLockElsewhereAsync(userId, key), Is.True, "the connection went back to the pool without the lock");
            Assert.That(await db.ScalarAsync<int?>(
                "SELECT status_code FROM checkout_requests WHERE user_id = @userId AND idempotency_key = @key", new { userId, key }), Is.Null);
        });
    }

    // On a connection of its own, outside the pool: takes and at once releases the key's lock if it is free.
    private async Task<bool> TryLockElsewhereAsync(Guid userId, string key)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db.DataSource.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        var lockKey = $"checkout:{userId}:{key}";
        var taken = await connection.ExecuteScalarAsync<bool>("SELECT pg_try_advisory_lock(hashtextextended(@lockKey, 0))", new { lockKey });
        if (taken) await connection.ExecuteAsync("SELECT pg_advisory_unlock(hashtextextended(@lockKey, 0))", new { lockKey });
        return taken;
    }
}
