using System.Text.Json;
using System.Threading.Channels;
using SocialCommerce.SandboxProvider.Faults;
using SocialCommerce.SandboxProvider.Merchants;

namespace SocialCommerce.SandboxProvider.Callbacks;

/// <summary>
/// Where state changes leave their callbacks; <see cref="CallbackDispatcher"/> sends them, so no callback is ever sent
/// inside the request that caused it (the adapter must cope with the callback arriving before or after its answer).
/// </summary>
public sealed class CallbackQueue(MerchantDirectory merchants, BehaviourStore behaviours)
{
    private readonly Channel<PendingCallback> channel = Channel.CreateUnbounded<PendingCallback>(new UnboundedChannelOptions { SingleReader = true });
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> outstanding = new();

    public ChannelReader<PendingCallback> Reader => channel.Reader;

    /// <summary>Never blocks (the channel is unbounded), so callers may hold a lock and keep events in state order.</summary>
    public void Enqueue(string merchantId, Uri notifyUrl, CallbackEvent callbackEvent)
    {
        var merchant = merchants.Find(merchantId) ?? throw new InvalidOperationException($"Merchant '{merchantId}' is not configured.");
        var body = JsonSerializer.Serialize(callbackEvent, JsonSerializerOptions.Web);
        var behaviour = behaviours.Get(merchantId);
        outstanding.AddOrUpdate(merchantId, behaviour.CallbackCopies, (_, count) => count + behaviour.CallbackCopies);
        channel.Writer.TryWrite(new PendingCallback(merchant, notifyUrl, callbackEvent, body, behaviour));
    }

    /// <summary>
    /// Copies of the merchant's callbacks not yet delivered or given up: 0 means the provider owes the merchant nothing, the
    /// moment a test may check that no wrong callback was sent (instead of waiting a while and hoping).
    /// </summary>
    public int Outstanding(string merchantId) => outstanding.GetValueOrDefault(merchantId);

    /// <summary>A copy was delivered, or given up after its last attempt.</summary>
    public void Finished(string merchantId) => outstanding.AddOrUpdate(merchantId, 0, (_, count) => Math.Max(0, count - 1));
}
