using System.Collections.Concurrent;
using Dapper;
using MassTransit;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.ServiceDefaults.Tests.Messaging;

public sealed record PingHappened(Guid RunId, string Text);

public sealed record PoisonHappened(Guid RunId);

/// <summary>
/// Through the inbox writes one effect row per message id, and counts each delivery once it has been handled: counted
/// before handling, a test could see every delivery counted while the one that writes the effect has not yet committed.
/// </summary>
public sealed class PingHappenedConsumer(Inbox inbox) : IConsumer<PingHappened>
{
    public static readonly ConcurrentDictionary<Guid, int> Deliveries = new();

    public async Task Consume(ConsumeContext<PingHappened> context)
    {
        await inbox.HandleOnceAsync(context, nameof(PingHappenedConsumer), (connection, transaction) =>
            connection.ExecuteAsync(
                "INSERT INTO test_effects (run_id, text) VALUES (@RunId, @Text)", context.Message, transaction));
        Deliveries.AddOrUpdate(context.Message.RunId, 1, (_, count) => count + 1);
    }
}

public sealed class PoisonHappenedConsumer : IConsumer<PoisonHappened>
{
    public const string Failure = "poison message cannot be handled";

    public Task Consume(ConsumeContext<PoisonHappened> context) => throw new InvalidOperationException(Failure);
}
