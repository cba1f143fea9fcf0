using System.Collections.Concurrent;

namespace SocialCommerce.Social.Directory;

/// <summary>
/// Cards fetched from another service, kept for a short while: a feed page names the same authors again and again, and a
/// nickname a minute old is fine. Entries past their time are fetched again on the next miss.
/// </summary>
public sealed class CardCache<TCard>(TimeSpan lifetime, TimeProvider time)
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<Guid, (TCard Card, DateTimeOffset Until)> entries = new();

    public bool TryGet(Guid id, out TCard card)
    {
        if (entries.TryGetValue(id, out var entry) && entry.Until > time.GetUtcNow())
        {
            card = entry.Card;
            return true;
        }

        card = default!;
        return false;
    }

    public void Put(Guid id, TCard card)
    {
        if (lifetime <= TimeSpan.Zero) return;
        // A crude bound: dropping everything now and then costs a few misses, never a wrong answer.
        if (entries.Count >= MaxEntries) entries.Clear();
        entries[id] = (card, time.GetUtcNow() + lifetime);
    }

    public void Forget(Guid id) => entries.TryRemove(id, out _);
}
