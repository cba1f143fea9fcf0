namespace SocialCommerce.Moderation.Screening;

/// <summary>
/// Build-time trie for <see cref="TermAutomaton"/>: one dictionary keyed by (state, char) instead of an object per node,
/// then flattened into the automaton's arrays. Garbage after the build.
/// </summary>
internal sealed class TrieBuilder
{
    private readonly Dictionary<long, int> edges = [];
    private readonly List<(int State, char Char, int Target)> edgeList = [];
    private readonly int[] patternEnds;

    public TrieBuilder(IReadOnlyList<string> patterns)
    {
        patternEnds = new int[patterns.Count];
        StateCount = 1;
        for (var id = 0; id < patterns.Count; id++)
        {
            var pattern = patterns[id];
            if (pattern.Length == 0) throw new ArgumentException("Patterns must not be empty.", nameof(patterns));
            var state = 0;
            foreach (var c in pattern)
            {
                var key = ((long)state << 16) | c;
                if (!edges.TryGetValue(key, out var next))
                {
                    next = StateCount++;
                    edges[key] = next;
                    edgeList.Add((state, c, next));
                }
                state = next;
            }
            patternEnds[id] = state;
        }
    }

    public int StateCount { get; private set; }

    public (int[] RootNext, int[] EdgeStart, char[] EdgeChars, int[] EdgeTargets) Flatten()
    {
        edgeList.Sort((a, b) => a.State != b.State ? a.State.CompareTo(b.State) : a.Char.CompareTo(b.Char));
        var rootNext = new int[65536];
        var edgeStart = new int[StateCount + 1];
        var edgeChars = new char[edgeList.Count];
        var edgeTargets = new int[edgeList.Count];
        for (var e = 0; e < edgeList.Count; e++)
        {
            var (state, c, target) = edgeList[e];
            edgeStart[state + 1]++;
            edgeChars[e] = c;
            edgeTargets[e] = target;
            if (state == 0) rootNext[c] = target;
        }
        for (var s = 0; s < StateCount; s++) edgeStart[s + 1] += edgeStart[s];
        return (rootNext, edgeStart, edgeChars, edgeTargets);
    }

    public (int[] PatternStart, int[] PatternIds) Outputs()
    {
        var patternStart = new int[StateCount + 1];
        foreach (var end in patternEnds) patternStart[end + 1]++;
        for (var s = 0; s < StateCount; s++) patternStart[s + 1] += patternStart[s];
        var next = patternStart[..^1];
        var patternIds = new int[patternEnds.Length];
        for (var id = 0; id < patternEnds.Length; id++) patternIds[next[patternEnds[id]]++] = id;
        return (patternStart, patternIds);
    }
}
