using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.TestSupport;

namespace SocialCommerce.ServiceDefaults.Tests.Messaging;

/// <summary>
/// RabbitMQ goes away while events are being written and comes back: every event is still delivered, each handled once,
/// and none is given up on. The broker is one of the test's own, so stopping it disturbs no other suite.
/// </summary>
[TestFixture]
public sealed class BrokerOutageTests
{
    [Test]
    public async Task Relay_BrokerStoppedAndRestartedUnderTraffic_EveryEventHandledOnceAndNoneDeadLettered()
    {
        await using var broker = await StandaloneBroker.StartAsync(amqpPort: TestInfrastructure.PortOffset + 5690);
        await using var host = await MessagingHost.StartAsync(relayRunning: true, new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = broker.AmqpUri,
            ["Outbox:PublishTimeout"] = "00:00:02",
            ["Outbox:MaxRetryDelay"] = "00:00:02",
            // Low, so that failures counted during the outage would surely dead-letter: none may be counted.
            ["Outbox:MaxAttempts"] = "4",
        });
        var runId = Guid.NewGuid();
        var written = 0;

        written += await WriteAsync(host, runId, 100);
        await broker.StopAsync();
        // Traffic goes on while the broker is away: the writes commit, the relay's publishes fail.
        for (var i = 0; i < 10; i++)
        {
            written += await WriteAsync(host, runId, 20);
            await Task.Delay(300);
        }

        var waitingDuringOutage = await host.UnpublishedAsync();
        await broker.StartAgainAsync();
        written += await WriteAsync(host, runId, 100);

        var effects = await Eventually.WaitForAsync(() => host.EffectsAsync(runId), count => count >= written, TimeSpan.FromSeconds(120));
        var lateEffects = await Eventually.WaitForAsync(() => host.UnpublishedAsync(), count => count == 0, TimeSpan.FromSeconds(30));
        Assert.Multiple(async () =>
        {
            Assert.That(waitingDuringOutage, Is.GreaterThan(0), "events waited in the outbox while the broker was away");
            Assert.That(effects, Is.EqualTo(written), "every event handled, each once");
            Assert.That(lateEffects, Is.Zero, "nothing left unpublished");
            Assert.That(await host.Outbox.DeadLettersAsync(), Is.Empty, "an outage turns no event into a dead letter");
            Assert.That(await host.EffectsAsync(runId), Is.EqualTo(written), "and no redelivery applied one twice");
        });
    }

    private static async Task<int> WriteAsync(MessagingHost host, Guid runId, int count)
    {
        await using var connection = await host.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        for (var i = 0; i < count; i++) await Outbox.AddAsync(connection, transaction, new PingHappened(runId, $"event {i}"));
        await transaction.CommitAsync();
        return count;
    }
}
