using System.Text.Json.Serialization;

namespace SocialCommerce.SandboxProvider.Callbacks;

/// <summary>One HTTP attempt at delivering one copy of a callback: what tests and people read to see what was sent.</summary>
public sealed record CallbackAttempt(
    string EventId, string Type, string Url, int Copy, int Attempt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? StatusCode,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error,
    DateTimeOffset SentAt);

/// <summary>The most recent attempts per merchant, in memory; old ones fall off so a long demo cannot exhaust memory.</summary>
public sealed class CallbackLog
{
    public const int KeptPerMerchant = 1_000;

    private readonly Lock gate = new();
    private readonly Dictionary<string, LinkedList<CallbackAttempt>> attempts = new(StringComparer.Ordinal);

    public void Record(string merchantId, CallbackAttempt attempt)
    {
        lock (gate)
        {
            if (!attempts.TryGetValue(merchantId, out var list)) attempts[merchantId] = list = new LinkedList<CallbackAttempt>();
            list.AddFirst(attempt);
            if (list.Count > KeptPerMerchant) list.RemoveLast();
        }
    }

    public IReadOnlyList<CallbackAttempt> NewestFirst(string merchantId)
    {
        lock (gate)
        {
            return attempts.TryGetValue(merchantId, out var list) ? list.ToList() : [];
        }
    }
}
