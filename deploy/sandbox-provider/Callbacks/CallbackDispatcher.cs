namespace SocialCommerce.SandboxProvider.Callbacks;

/// <summary>
/// Sends queued callbacks the way real providers do: after the merchant's delay, in as many copies as asked, retrying a
/// non-2xx answer or a timeout with backoff (1 s, 2 s, 4 s, 8 s, 16 s: six attempts in all) under the same eventId.
/// Each callback is sent on its own task, so a slow or failing receiver never holds up the others.
/// </summary>
public sealed class CallbackDispatcher(CallbackQueue queue, CallbackSender sender, ILogger<CallbackDispatcher> logger) : BackgroundService
{
    public const int MaxAttempts = 6;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reorder = new ReorderBuffer(batch => GuardAsync(() => SendInOrderAsync(batch, stoppingToken), stoppingToken), stoppingToken);
        await foreach (var callback in queue.Reader.ReadAllAsync(stoppingToken))
        {
            if (callback.Behaviour.ReorderCallbacks) reorder.Add(callback);
            else _ = GuardAsync(() => DeliverAsync(callback, stoppingToken), stoppingToken);
        }
    }

    private async Task DeliverAsync(PendingCallback callback, CancellationToken stoppingToken)
    {
        await Task.Delay(callback.Behaviour.CallbackDelayMs, stoppingToken);
        // Copies go out together, so the receiver also sees duplicates that race each other.
        await Task.WhenAll(Enumerable.Range(1, callback.Behaviour.CallbackCopies)
            .Select(copy => DeliverCopyAsync(callback, copy, firstAttempt: 1, stoppingToken)));
    }

    /// <summary>First attempts strictly one after another, newest first; retries then go on in the background.</summary>
    private async Task SendInOrderAsync(IReadOnlyList<PendingCallback> batch, CancellationToken stoppingToken)
    {
        await Task.Delay(batch.Max(callback => callback.Behaviour.CallbackDelayMs), stoppingToken);
        foreach (var callback in batch)
        {
            for (var copy = 1; copy <= callback.Behaviour.CallbackCopies; copy++)
            {
                if (await sender.SendAsync(callback, copy, attempt: 1, stoppingToken))
                {
                    queue.Finished(callback.Merchant.Id);
                    continue;
                }

                var retried = copy;
                _ = GuardAsync(() => DeliverCopyAsync(callback, retried, firstAttempt: 2, stoppingToken), stoppingToken);
            }
        }
    }

    private async Task DeliverCopyAsync(PendingCallback callback, int copy, int firstAttempt, CancellationToken stoppingToken)
    {
        for (var attempt = firstAttempt; attempt <= MaxAttempts; attempt++)
        {
            if (attempt > 1) await Task.Delay(BackoffBefore(attempt), stoppingToken);
            if (await sender.SendAsync(callback, copy, attempt, stoppingToken))
            {
                queue.Finished(callback.Merchant.Id);
                return;
            }
        }

        queue.Finished(callback.Merchant.Id);

        logger.LogWarning("Callback {EventId} ({Type}) copy {Copy} to {Url} given up after {Attempts} attempts",
            callback.Event.EventId, callback.Event.Type, copy, callback.NotifyUrl, MaxAttempts);
    }

    public static TimeSpan BackoffBefore(int attempt) => TimeSpan.FromSeconds(1 << (attempt - 2));

    // Deliveries run detached from the loop; this keeps a failure in one from going unobserved or stopping the host.
    private async Task GuardAsync(Func<Task> work, CancellationToken stoppingToken)
    {
        try
        {
            await work();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: undelivered callbacks are lost with the rest of the in-memory state.
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Callback delivery failed unexpectedly");
        }
    }
}
