using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.TestSupport;

namespace SocialCommerce.ServiceDefaults.Tests.Messaging;

/// <summary>The relay is driven pass by pass here, so a crash can be placed exactly between publish and mark.</summary>
[TestFixture]
public sealed class OutboxRelayTests
{
    private MessagingHost host = null!;

    [OneTimeSetUp]
    public async Task StartHost() => host = await MessagingHost.StartAsync(relayRunning: false);

    [OneTimeTearDown]
    public async Task StopHost() => await host.DisposeAsync();

    [Test]
    public async Task PublishBatch_RelayDiesBetweenPublishAndMark_MessageHandledOnce()
    {
        var runId = Guid.NewGuid();
        await WriteAsync(new PingHappened(runId, "survives a crash"), commit: true);

        Assert.ThrowsAsync<InvalidOperationException>(() =>
            host.Relay.PublishBatchAsync(CancellationToken.None, () => throw new InvalidOperationException("relay killed")));
        Assert.That(await host.UnpublishedAsync(), Is.EqualTo(1), "the crashed pass must not mark the row");

        Assert.That(await host.Relay.PublishBatchAsync(CancellationToken.None), Is.EqualTo(1));
        var deliveries = await Eventually.WaitForAsync(
            () => Task.FromResult(PingHappenedConsumer.Deliveries.GetValueOrDefault(runId)), count => count >= 2);
        Assert.Multiple(async () =>
        {
            Assert.That(deliveries, Is.EqualTo(2), "published twice: once before the crash, once after");
            Assert.That(await host.EffectsAsync(runId), Is.EqualTo(1), "the inbox applies it once");
            Assert.That(await host.UnpublishedAsync(), Is.Zero);
        });
    }

    [Test]
    public async Task PublishBatch_RolledBackTransaction_PublishesNothing()
    {
        var runId = Guid.NewGuid();
        await WriteAsync(new PingHappened(runId, "never happened"), commit: false);

        Assert.That(await host.Relay.PublishBatchAsync(CancellationToken.None), Is.Zero);
        await Task.Delay(500);
        Assert.Multiple(async () =>
        {
            Assert.That(PingHappenedConsumer.Deliveries.ContainsKey(runId), Is.False);
            Assert.That(await host.EffectsAsync(runId), Is.Zero);
        });
    }

    [Test]
    public async Task PublishBatch_ManyCommittedRows_PublishesEachOnceInBatches()
    {
        var runId = Guid.NewGuid();
        for (var i = 0; i < 1200; i++) await WriteAsync(new PingHappened(runId, $"message {i}"), commit: true);

        var total = 0;
        int published;
        while ((published = await host.Relay.PublishBatchAsync(CancellationToken.None)) > 0) total += published;

        var effects = await Eventually.WaitForAsync(() => host.EffectsAsync(runId), count => count >= 1200);
        Assert.Multiple(() =>
        {
            Assert.That(total, Is.EqualTo(1200));
            Assert.That(effects, Is.EqualTo(1200));
        });
    }

    private async Task WriteAsync(PingHappened message, bool commit)
    {
        await using var connection = await host.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await Outbox.AddAsync(connection, transaction, message);
        if (commit) await transaction.CommitAsync();
        else await transaction.RollbackAsync();
    }
}
