using System.Net;
using Npgsql;

namespace SocialCommerce.EndToEnd.Tests.Orders;

/// <summary>The calls a state change owes (refunds, stock moves) run with nothing locked while the other side is asked.</summary>
public sealed class OwedCallTests
{
    [Test]
    public async Task Refund_ProviderSlow_OrderAndItsTasksStayLockableWhileTheCallRuns()
    {
        var sku = (await Shop.TakeSkusAsync(1))[0];
        using var shopper = await Shop.NewShopperAsync();
        var orderId = await Shop.PaidOrderAsync(shopper, (sku.Id, 1));
        await Eventually.WaitForAsync(() => OpenTasksAsync(orderId), open => open == 0);
        // Six seconds at the provider for every call; a probe waits at most two for a lock, so only a lock held across the
        // call can time it out, never the short transactions around it.
        await Sandbox.BehaveAsync(apiDelayMs: 6_000);
        try
        {
            Assert.That((await shopper.PostAsync($"/api/order/orders/{orderId}/cancel", null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            var probes = 0;
            var blocked = new List<string>();
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (await OpenTasksAsync(orderId) > 0 && DateTime.UtcNow < until)
            {
                probes++;
                if (await BlockedAsync(orderId) is { } what) blocked.Add(what);
                await Task.Delay(200);
            }

            Assert.Multiple(async () =>
            {
                Assert.That(await OpenTasksAsync(orderId), Is.Zero, "the refund and the restock were made");
                Assert.That(probes, Is.GreaterThanOrEqualTo(10), "probed while the provider was slow");
                Assert.That(blocked, Is.Empty, "nothing stays locked while the provider is asked");
            });
        }
        finally
        {
            await Sandbox.BehaveAsync();
        }
    }

    private static Task<long> OpenTasksAsync(Guid orderId) =>
        Shop.OrderScalarAsync("SELECT count(*) FROM owed_calls WHERE subject_id = @orderId AND done_at IS NULL", new { orderId });

    /// <returns>What could not be locked within two seconds, or null.</returns>
    private static async Task<string?> BlockedAsync(Guid orderId)
    {
        await using var connection = new NpgsqlConnection(Platform.Instance.OrderDatabase);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        try
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, "SET LOCAL lock_timeout = '2s'", transaction: transaction);
            await Dapper.SqlMapper.ExecuteAsync(connection,
                "SELECT 1 FROM owed_calls WHERE subject_id = @orderId FOR UPDATE", new { orderId }, transaction);
            await Dapper.SqlMapper.ExecuteAsync(connection, "SELECT 1 FROM orders WHERE id = @orderId FOR UPDATE", new { orderId }, transaction);
            return null;
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            return $"{exception.MessageText} at {DateTime.UtcNow:HH:mm:ss.fff}";
        }
    }
}
