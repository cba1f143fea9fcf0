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

    public ChannelReader<PendingCallback> Reader => channel.Reader;

    /// <summary>Never blocks (the channel is unbounded), so callers may hold a lock and keep events in state order.</summary>
    public void Enqueue(string merchantId, Uri notifyUrl, CallbackEvent callbackEvent)
    {
        var merchant = merchants.Find(merchantId) ?? throw new InvalidOperationException($"Merchant '{merchantId}' is not configured.");
        var body = JsonSerializer.Serialize(callbackEvent, JsonSerializerOptions.Web);
        channel.Writer.TryWrite(new PendingCallback(merchant, notifyUrl, callbackEvent, body, behaviours.Get(merchantId)));
    }
}
