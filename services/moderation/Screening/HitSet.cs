namespace SocialCommerce.Moderation.Screening;

/// <summary>
/// Turns raw matches into the reported list: allow-list suppression, one hit per overlapping run of a term, order.
/// O(n log n) in the number of hits: a 20,000-character text of one repeated term has ten thousand of them, and
/// screening must not slow down for the texts written to make it slow.
/// </summary>
internal static class HitSet
{
    public static IReadOnlyList<Hit> Resolve(List<Hit> raw)
    {
        if (raw.Count == 0) return [];

        var allowed = new AllowSpans(raw.Where(hit => hit.Category == Categories.Allow));
        var kept = new List<Hit>();
        // Per term, by start: a hit overlapping the last one kept is the same finding seen again (哈哈 twice in
        // 哈哈哈, a term matched through different separators, a detector span that grew); the longer one stays.
        foreach (var term in raw.Where(hit => hit.Category != Categories.Allow && !allowed.Contain(hit)).GroupBy(hit => (hit.Term, hit.Category)))
        {
            var first = kept.Count;
            foreach (var hit in term.OrderBy(hit => hit.Start).ThenByDescending(hit => hit.Length))
            {
                if (kept.Count == first || hit.Start >= kept[^1].Start + kept[^1].Length) kept.Add(hit);
                else if (hit.Length > kept[^1].Length) kept[^1] = hit;
            }
        }

        kept.Sort(Order);
        return kept;
    }

    private static int Order(Hit a, Hit b)
    {
        if (a.Start != b.Start) return a.Start.CompareTo(b.Start);
        if (a.Length != b.Length) return b.Length.CompareTo(a.Length);
        var category = string.CompareOrdinal(a.Category, b.Category);
        return category != 0 ? category : string.CompareOrdinal(a.Term, b.Term);
    }

    /// <summary>
    /// Allow hits sorted by start with the running maximum of their ends: a hit lies wholly inside some allow hit exactly
    /// when the furthest end among the allow hits starting at or before it reaches its end.
    /// </summary>
    private sealed class AllowSpans
    {
        private readonly int[] starts;
        private readonly int[] furthestEnds;

        public AllowSpans(IEnumerable<Hit> allow)
        {
            var sorted = allow.OrderBy(hit => hit.Start).ToArray();
            starts = sorted.Select(hit => hit.Start).ToArray();
            furthestEnds = new int[sorted.Length];
            for (var i = 0; i < sorted.Length; i++)
            {
                furthestEnds[i] = Math.Max(i == 0 ? 0 : furthestEnds[i - 1], sorted[i].Start + sorted[i].Length);
            }
        }

        public bool Contain(Hit hit)
        {
            if (starts.Length == 0) return false;
            var index = Array.BinarySearch(starts, hit.Start);
            // Not found: ~index is the first start after the hit's; equal starts: move to the last of them.
            if (index < 0) index = ~index - 1;
            else while (index + 1 < starts.Length && starts[index + 1] == hit.Start) index++;
            return index >= 0 && furthestEnds[index] >= hit.Start + hit.Length;
        }
    }
}
