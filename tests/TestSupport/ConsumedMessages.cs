using System.Collections.Concurrent;
using MassTransit;

namespace SocialCommerce.TestSupport;

/// <summary>
/// Every message an in-process service's consumers have finished with (handled, skipped or failed), by message id: the
/// positive signal a test waits for before asserting that a message changed nothing. Registered by
/// <see cref="ServiceHostSettings.UseTestPlatform"/> as a MassTransit consume observer; nothing of it runs in a deployment.
/// </summary>
public sealed class ConsumedMessages : IConsumeObserver
{
    private readonly ConcurrentDictionary<Guid, int> finished = new();

    public int Count(Guid messageId) => finished.GetValueOrDefault(messageId);

    /// <summary>Waits until consumers have finished with <paramref name="times"/> deliveries of the message.</summary>
    public async Task WaitForAsync(Guid messageId, int times = 1, TimeSpan? timeout = null)
    {
        var seen = await Eventually.WaitForAsync(() => Task.FromResult(Count(messageId)), count => count >= times, timeout);
        if (seen < times) throw new TimeoutException($"Message {messageId} was consumed {seen} of {times} times in time.");
    }

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class => Record(context);

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Record(context);

    private Task Record(ConsumeContext context)
    {
        if (context.MessageId is { } id) finished.AddOrUpdate(id, 1, (_, count) => count + 1);
        return Task.CompletedTask;
    }
}
