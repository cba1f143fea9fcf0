namespace SocialCommerce.Moderation.Screening;

/// <summary>
/// Aho–Corasick over normalised chars, flattened into arrays: the root is a direct 65,536-entry char → state table
/// (most steps fall back to it), every other state holds a sorted range of edges searched by binary search. Output links
/// chain each state to the nearest suffix state that ends a pattern, so every pattern ending at a position is reported
/// without walking the whole failure chain. Immutable once built, so one instance serves all threads.
/// </summary>
internal sealed class TermAutomaton
{
    private readonly int[] rootNext;      // char → state from the root (0 = stay at the root)
    private readonly int[] edgeStart;     // state → first edge; edges of state s are [edgeStart[s], edgeStart[s + 1])
    private readonly char[] edgeChars;    // sorted within each state
    private readonly int[] edgeTargets;
    private readonly int[] fail;
    private readonly int[] outputLink;    // nearest proper suffix state with patterns, 0 when none
    private readonly int[] patternStart;  // state → first pattern id in patternIds; [patternStart[s], patternStart[s + 1])
    private readonly int[] patternIds;

    /// <param name="patterns">Non-empty normalised patterns; a pattern's id is its index. Duplicates are allowed.</param>
    public TermAutomaton(IReadOnlyList<string> patterns)
    {
        var trie = new TrieBuilder(patterns);
        var states = trie.StateCount;
        (rootNext, edgeStart, edgeChars, edgeTargets) = trie.Flatten();
        (patternStart, patternIds) = trie.Outputs();
        fail = new int[states];
        outputLink = new int[states];

        // Breadth-first, so a state's failure target (shallower) is complete before the state itself.
        var queue = new Queue<int>();
        for (var e = edgeStart[0]; e < edgeStart[1]; e++) queue.Enqueue(edgeTargets[e]);
        while (queue.Count > 0)
        {
            var state = queue.Dequeue();
            for (var e = edgeStart[state]; e < edgeStart[state + 1]; e++)
            {
                var child = edgeTargets[e];
                var target = Step(fail[state], edgeChars[e]);
                fail[child] = target;
                outputLink[child] = HasPatterns(target) ? target : outputLink[target];
                queue.Enqueue(child);
            }
        }
    }

    public int StateCount => fail.Length;

    /// <summary>Adds (pattern id, index of the pattern's last char) for every occurrence, in end order.</summary>
    public void Search(ReadOnlySpan<char> text, List<(int Pattern, int End)> matches)
    {
        var state = 0;
        for (var i = 0; i < text.Length; i++)
        {
            state = Step(state, text[i]);
            for (var s = HasPatterns(state) ? state : outputLink[state]; s != 0; s = outputLink[s])
            {
                for (var p = patternStart[s]; p < patternStart[s + 1]; p++) matches.Add((patternIds[p], i));
            }
        }
    }

    private bool HasPatterns(int state) => patternStart[state] != patternStart[state + 1];

    private int Step(int state, char c)
    {
        while (state != 0)
        {
            var next = Edge(state, c);
            if (next != 0) return next;
            state = fail[state];
        }
        return rootNext[c];
    }

    private int Edge(int state, char c)
    {
        int low = edgeStart[state], high = edgeStart[state + 1] - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var found = edgeChars[middle];
            if (found == c) return edgeTargets[middle];
            if (found < c) low = middle + 1;
            else high = middle - 1;
        }
        return 0;
    }
}
