using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace SocialCommerce.ServiceDefaults.Tests.Messaging;

/// <summary>
/// Messaging:QuorumQueues declares the consumers' queues as quorum queues (for a RabbitMQ cluster); without it they stay
/// classic. The type shows in what RabbitMQ refuses: declaring an existing queue with the other type is an inequivalent
/// argument (406 PRECONDITION_FAILED).
/// </summary>
[TestFixture]
public sealed class QuorumQueueTests
{
    private const string Queue = "sdtest-ping-happened";

    [TestCase(true, "classic", TestName = "AddMessaging_QuorumQueuesOn_ConsumerQueueIsQuorum")]
    [TestCase(false, "quorum", TestName = "AddMessaging_QuorumQueuesOff_ConsumerQueueIsClassic")]
    public async Task AddMessaging_ConsumerQueue_HasTheConfiguredType(bool quorum, string otherType)
    {
        await using var host = await MessagingHost.StartAsync(relayRunning: false,
            new Dictionary<string, string?> { ["Messaging:QuorumQueues"] = quorum.ToString() });

        var factory = new ConnectionFactory { Uri = new Uri(host.BrokerUri) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        Assert.That((await channel.QueueDeclarePassiveAsync(Queue)).QueueName, Is.EqualTo(Queue), "declared by the host");

        await using var other = await connection.CreateChannelAsync();
        var redeclare = async () => await other.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = otherType });

        Assert.That(redeclare, Throws.InstanceOf<OperationInterruptedException>().With.Message.Contains("x-queue-type"));
    }
}
