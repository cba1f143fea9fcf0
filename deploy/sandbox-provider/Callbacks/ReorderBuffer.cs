namespace SocialCommerce.SandboxProvider.Callbacks;

/// <summary>
/// Holds a merchant's callbacks while <c>reorderCallbacks</c> is on: a batch opens with the first callback, closes
/// after <see cref="Window"/> or at <see cref="BatchSize"/> callbacks, and is handed on newest first, so the receiver
/// sees e.g. a refund before the payment it refunds.
/// </summary>
public sealed class ReorderBuffer(Func<IReadOnlyList<PendingCallback>, Task> sendInOrder, CancellationToken stopping)
{
    public const int BatchSize = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(500);

    private readonly Lock gate = new();
    private readonly Dictionary<string, List<PendingCallback>> open = new(StringComparer.Ordinal);

    public void Add(PendingCallback callback)
    {
        var merchantId = callback.Merchant.Id;
        List<PendingCallback>? opened = null;
        List<PendingCallback>? full = null;
        lock (gate)
        {
            if (!open.TryGetValue(merchantId, out var batch)) open[merchantId] = opened = batch = [];
            batch.Add(callback);
            if (batch.Count == BatchSize)
            {
                open.Remove(merchantId);
                full = batch;
            }
        }

        if (opened is not null) _ = CloseAfterWindowAsync(merchantId, opened);
        if (full is not null) _ = sendInOrder(NewestFirst(full));
    }

    private async Task CloseAfterWindowAsync(string merchantId, List<PendingCallback> batch)
    {
        try
        {
            await Task.Delay(Window, stopping);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        lock (gate)
        {
            // Already handed on when it filled up; a newer batch for the merchant has its own timer.
            if (!open.TryGetValue(merchantId, out var current) || !ReferenceEquals(current, batch)) return;
            open.Remove(merchantId);
        }

        await sendInOrder(NewestFirst(batch));
    }

    private static List<PendingCallback> NewestFirst(List<PendingCallback> batch) => Enumerable.Reverse(batch).ToList();
}
