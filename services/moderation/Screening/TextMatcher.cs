using SocialCommerce.Moderation.Screening.Detectors;

namespace SocialCommerce.Moderation.Screening;

/// <summary>
/// A lexicon version compiled for screening: one Aho–Corasick pass over the normalised text plus the contact detectors.
/// Immutable and thread-safe; build once per lexicon version and share.
/// </summary>
public sealed class TextMatcher
{
    private readonly CompiledTerm[] terms;
    private readonly TermAutomaton automaton;

    private TextMatcher(CompiledTerm[] terms)
    {
        this.terms = terms;
        automaton = new TermAutomaton(terms.Select(term => term.Normalized).ToArray());
    }

    public int TermCount => terms.Length;

    /// <summary>
    /// Terms whose normalised form is empty are skipped, and so are repeats of a normalised form within one category
    /// (微信 and 微 信 are one term). A category outside <see cref="Categories.Lexicon"/> is a caller bug and throws.
    /// </summary>
    public static TextMatcher Build(IEnumerable<LexiconTerm> terms)
    {
        var compiled = new List<CompiledTerm>();
        var seen = new HashSet<(string, string)>();
        foreach (var term in terms)
        {
            if (!Categories.Lexicon.Contains(term.Category))
                throw new ArgumentException($"\"{term.Category}\" is not a lexicon category (term \"{term.Term}\").", nameof(terms));
            var normalized = TextNormalizer.Normalize(term.Term);
            if (normalized.Length == 0 || !seen.Add((normalized, term.Category))) continue;
            compiled.Add(new CompiledTerm(term, normalized, IsAsciiLetter(normalized[0]), IsAsciiLetter(normalized[^1])));
        }
        return new TextMatcher(compiled.ToArray());
    }

    /// <summary>
    /// Lexicon hits (those inside an allow-list hit dropped) and contact detector hits, ordered by Start, longer first;
    /// overlapping hits of the same term and category are reported once (the longest).
    /// </summary>
    public IReadOnlyList<Hit> FindAll(string text)
    {
        if (string.IsNullOrEmpty(text)) return [];
        var normalized = TextNormalizer.Map(text);
        var hits = new List<Hit>();
        var matches = new List<(int Pattern, int End)>();
        automaton.Search(normalized.Span, matches);
        foreach (var (pattern, end) in matches)
        {
            var term = terms[pattern];
            var start = normalized.Origins[end - term.Normalized.Length + 1];
            var originalEnd = normalized.OriginalEnd(text, end);
            // A Latin term is a word: "vx" must not fire inside "vxworks", nor "qq" inside "qqmusic".
            if (term.LatinStart && start > 0 && CharacterFolding.IsAsciiLetter(text[start - 1])) continue;
            if (term.LatinEnd && originalEnd < text.Length && CharacterFolding.IsAsciiLetter(text[originalEnd])) continue;
            hits.Add(new Hit(term.Source.Term, term.Source.Category, start, originalEnd - start));
        }
        ContactDetectors.FindAll(text, normalized, hits);
        return HitSet.Resolve(hits);
    }

    private static bool IsAsciiLetter(char c) => c is >= 'a' and <= 'z';

    private sealed record CompiledTerm(LexiconTerm Source, string Normalized, bool LatinStart, bool LatinEnd);
}
