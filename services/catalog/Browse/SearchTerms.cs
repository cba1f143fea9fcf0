using System.Text;
using System.Text.RegularExpressions;

namespace SocialCommerce.Catalog.Browse;

/// <summary>
/// The search text split at whitespace into terms that must all match. A term with any non-ASCII character is
/// matched as a substring (Chinese has no word boundaries); an ASCII term is matched as Latin words by prefix
/// ("blue" finds "Bluetooth"). Everything is lower-cased, as the indexed text is.
/// </summary>
public sealed partial record SearchTerms(IReadOnlyList<string> Substrings, IReadOnlyList<string> LatinWords)
{
    public static readonly SearchTerms None = new([], []);

    public bool IsEmpty => Substrings.Count == 0 && LatinWords.Count == 0;

    public IEnumerable<string> All => Substrings.Concat(LatinWords);

    public static SearchTerms Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return None;
        var substrings = new List<string>();
        var latin = new List<string>();
        foreach (var term in text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Distinct())
        {
            if (term.Any(c => c > 0x7f))
            {
                substrings.Add(term);
                continue;
            }

            // Punctuation splits Latin words in the index too ("wh-1000xm5" is "wh" and "1000xm5").
            var words = LatinWord().Matches(term).Select(match => match.Value).ToList();
            if (words.Count == 0) substrings.Add(term);
            else latin.AddRange(words);
        }

        return new SearchTerms(substrings.Distinct().ToList(), latin.Distinct().ToList());
    }

    /// <summary>A LIKE pattern matching the term anywhere, with the user's own %, _ and \ taken literally.</summary>
    public static string ContainsPattern(string term)
    {
        var pattern = new StringBuilder("%", term.Length + 2);
        foreach (var c in term)
        {
            if (c is '%' or '_' or '\\') pattern.Append('\\');
            pattern.Append(c);
        }

        return pattern.Append('%').ToString();
    }

    /// <summary>A tsquery of the Latin words, each as a prefix; words hold only [a-z0-9], so nothing needs quoting.</summary>
    public string LatinQuery() => string.Join(" & ", LatinWords.Select(word => word + ":*"));

    [GeneratedRegex("[a-z0-9]+")]
    private static partial Regex LatinWord();
}
