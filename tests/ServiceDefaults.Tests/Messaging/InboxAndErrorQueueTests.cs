using System.Text;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.TestSupport;

namespace SocialCommerce.ServiceDefaults.Tests.Messaging;

[TestFixture]
public sealed class InboxAndErrorQueueTests
{
    private MessagingHost host = null!;

    [OneTimeSetUp]
    public async Task StartHost() => host = await MessagingHost.StartAsync(relayRunning: true);

    [OneTimeTearDown]
    public async Task StopHost() => await host.DisposeAsync();

    private IBus Bus => host.Host.Services.GetRequiredService<IBus>();

    [Test]
    public async Task Consume_SameMessageIdRedelivered_HandledOnce()
    {
        var runId = Guid.NewGuid();
        var messageId = Guid.NewGuid();
        for (var i = 0; i < 3; i++)
        {
            await Bus.Publish(new PingHappened(runId, "redelivered"), context => context.MessageId = messageId);
        }

        await Eventually.WaitForAsync(() => Task.FromResult(PingHappenedConsumer.Deliveries.GetValueOrDefault(runId)), n => n >= 3);
        Assert.That(await host.EffectsAsync(runId), Is.EqualTo(1));
    }

    [Test]
    public async Task Consume_ConcurrentDuplicates_HandledOnce()
    {
        var runId = Guid.NewGuid();
        var messageId = Guid.NewGuid();
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            Bus.Publish(new PingHappened(runId, "burst"), context => context.MessageId = messageId)));

        await Eventually.WaitForAsync(() => Task.FromResult(PingHappenedConsumer.Deliveries.GetValueOrDefault(runId)), n => n >= 20);
        Assert.That(await host.EffectsAsync(runId), Is.EqualTo(1));
    }

    [Test]
    public async Task HandleBatchOnce_DuplicatesInAndAcrossBatches_EachMessageHandledOnce()
    {
        var inbox = new Inbox(host.DataSource);
        var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var handled = new List<string>();
        Task Handle(Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction transaction, IReadOnlyList<string> messages)
        {
            handled.AddRange(messages);
            return Task.CompletedTask;
        }

        var first = await inbox.HandleBatchOnceAsync([(a, "a"), (b, "b"), (a, "a again")], "batch-test", Handle);
        var second = await inbox.HandleBatchOnceAsync([(b, "b redelivered"), (c, "c")], "batch-test", Handle);

        Assert.Multiple(() =>
        {
            Assert.That((first, second), Is.EqualTo((2, 1)));
            Assert.That(handled, Is.EqualTo(new[] { "a", "b", "c" }));
        });
    }

    [Test]
    public async Task HandleBatchOnce_HandlerThrows_WholeBatchRolledBackAndRunsAgain()
    {
        var inbox = new Inbox(host.DataSource);
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());

        Assert.ThrowsAsync<InvalidOperationException>(() => inbox.HandleBatchOnceAsync([(a, "a"), (b, "poison")], "batch-test",
            (_, _, messages) => messages.Contains("poison") ? throw new InvalidOperationException("poison") : Task.CompletedTask));
        var retried = await inbox.HandleBatchOnceAsync([(a, "a"), (b, "fixed")], "batch-test", (_, _, _) => Task.CompletedTask);

        Assert.That(retried, Is.EqualTo(2), "the failed batch left no inbox row behind");
    }

    [Test]
    public async Task Relay_RunningHost_PublishesCommittedRowWithoutPolling()
    {
        var runId = Guid.NewGuid();
        await using (var connection = await host.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await Outbox.AddAsync(connection, transaction, new PingHappened(runId, "relayed"));
            await transaction.CommitAsync();
        }

        Assert.That(await Eventually.WaitForAsync(() => host.EffectsAsync(runId), n => n >= 1), Is.EqualTo(1));
        Assert.That(await Eventually.WaitForAsync(host.UnpublishedAsync, n => n == 0), Is.Zero);
    }

    [Test]
    public async Task Consume_ConsumerKeepsThrowing_MessageEndsInErrorQueueWithException()
    {
        var runId = Guid.NewGuid();
        await Bus.Publish(new PoisonHappened(runId));

        var broker = new BrokerAddress(host.BrokerUri);
        var factory = new ConnectionFactory
        {
            HostName = broker.Host, Port = broker.Port, VirtualHost = broker.VirtualHost, UserName = broker.Username, Password = broker.Password,
        };
        await using var connection = await factory.CreateConnectionAsync();
        var message = await Eventually.WaitForAsync(() => TryGetAsync(connection, "sdtest-poison-happened_error"), result => result is not null);

        Assert.That(message, Is.Not.Null, "the poison message must land in the error queue, not vanish");
        var fault = Encoding.UTF8.GetString((byte[])message!.BasicProperties.Headers!["MT-Fault-Message"]!);
        Assert.Multiple(() =>
        {
            Assert.That(fault, Does.Contain(PoisonHappenedConsumer.Failure));
            Assert.That(Encoding.UTF8.GetString(message.Body.Span), Does.Contain(runId.ToString()));
        });
    }

    // MassTransit declares the error queue when it moves the first fault there; until then a get is a 404
    // that closes the channel, so each attempt uses its own.
    private static async Task<BasicGetResult?> TryGetAsync(IConnection connection, string queue)
    {
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return await channel.BasicGetAsync(queue, autoAck: true);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return null;
        }
    }
}
