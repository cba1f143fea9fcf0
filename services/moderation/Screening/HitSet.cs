namespace SocialCommerce.Moderation.Screening;

/// <summary>Turns raw matches into the reported list: allow-list suppression, one hit per overlapping term, order.</summary>
internal static class HitSet
{
    public static IReadOnlyList<Hit> Resolve(List<Hit> raw)
    {
        if (raw.Count == 0) return [];

        var allowed = raw.Where(hit => hit.Category == Categories.Allow).ToList();
        var candidates = raw.Where(hit => hit.Category != Categories.Allow
            && !allowed.Exists(allow => allow.Start <= hit.Start && hit.Start + hit.Length <= allow.Start + allow.Length));

        // Longest first, so of overlapping hits of one term the longest is the one kept (a term matched twice through
        // different separators, or a detector span that grew).
        var kept = new List<Hit>();
        foreach (var hit in candidates.OrderByDescending(hit => hit.Length).ThenBy(hit => hit.Start))
        {
            var overlapsSame = kept.Exists(other => other.Term == hit.Term && other.Category == hit.Category
                && other.Start < hit.Start + hit.Length && hit.Start < other.Start + other.Length);
            if (!overlapsSame) kept.Add(hit);
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
}
