using Dapper;
using Npgsql;
using SocialCommerce.ServiceDefaults.Postgres;
using SocialCommerce.TestSupport;

namespace SocialCommerce.ServiceDefaults.Tests.Postgres;

/// <summary>Workers sharing a channel (owed-call lanes) wake only for the payloads that are theirs.</summary>
[TestFixture]
public sealed class NotificationListenerTests
{
    [Test]
    public async Task Listen_PayloadFilter_WakesOnlyForItsPayloads()
    {
        await using var dataSource = NpgsqlDataSource.Create(
            new NpgsqlConnectionStringBuilder(TestInfrastructure.PostgresServer) { Database = "postgres" }.ConnectionString);
        var channel = $"lane_{Guid.NewGuid():N}";
        var listener = new NotificationListener();
        using var stop = new CancellationTokenSource();
        var listening = listener.ListenAsync(dataSource, channel, TimeSpan.FromSeconds(1), _ => { }, stop.Token,
            wakesFor: payload => payload == "mine");
        // The listener wakes once as it starts listening (whatever committed before); after that only a notification does.
        Assert.That(await listener.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None), Is.True, "the wake at start");

        await NotifyAsync(dataSource, channel, "theirs");
        var wokenByTheirs = await listener.WaitAsync(TimeSpan.FromMilliseconds(500), CancellationToken.None);
        await NotifyAsync(dataSource, channel, "mine");
        var wokenByMine = await listener.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);

        await stop.CancelAsync();
        await listening;
        Assert.Multiple(() =>
        {
            Assert.That(wokenByTheirs, Is.False);
            Assert.That(wokenByMine, Is.True);
        });
    }

    private static async Task NotifyAsync(NpgsqlDataSource dataSource, string channel, string payload)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("SELECT pg_notify(@channel, @payload)", new { channel, payload });
    }
}
