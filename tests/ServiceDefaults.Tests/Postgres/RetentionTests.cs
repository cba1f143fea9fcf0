using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SocialCommerce.ServiceDefaults.Postgres;
using SocialCommerce.ServiceDefaults.Tests.Messaging;

namespace SocialCommerce.ServiceDefaults.Tests.Postgres;

/// <summary>The retention sweep every service with messaging runs: old inbox rows go, recent ones stay.</summary>
[TestFixture]
public sealed class RetentionTests
{
    [Test]
    public async Task Sweep_InboxRowsOlderThanTwoWeeks_DeletedInBatchesRecentKept()
    {
        await using var host = await MessagingHost.StartAsync(relayRunning: false, new Dictionary<string, string?> { ["Retention:Enabled"] = "false" });
        await using (var connection = await host.DataSource.OpenConnectionAsync())
        {
            // More old rows than one delete batch takes, so the sweep must come back for the rest.
            await connection.ExecuteAsync(
                """
                INSERT INTO inbox_messages (message_id, consumer, processed_at)
                SELECT gen_random_uuid(), 'RetentionTest', now() - interval '15 days' FROM generate_series(1, 5200);
                INSERT INTO inbox_messages (message_id, consumer, processed_at)
                SELECT gen_random_uuid(), 'RetentionTest', now() - interval '13 days' FROM generate_series(1, 7);
                """);
        }

        var deleted = await host.Host.Services.GetRequiredService<RetentionSweep>().SweepAsync();

        await using var check = await host.DataSource.OpenConnectionAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(deleted["inbox_messages"], Is.EqualTo(5200));
            Assert.That(await check.ExecuteScalarAsync<long>("SELECT count(*) FROM inbox_messages WHERE consumer = 'RetentionTest'"), Is.EqualTo(7));
        });
    }
}
