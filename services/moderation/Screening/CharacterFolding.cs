using System.Globalization;
using System.Text;

namespace SocialCommerce.Moderation.Screening;

/// <summary>
/// Per-code-unit folding tables for the whole BMP, computed once at type init so screening is array look-ups rather than
/// string.Normalize calls. Matching fold: NFKC compatibility folding (full-width, circled, ligatures), diacritics off,
/// invariant lower case, Latin look-alikes, traditional → simplified; separators (whitespace, punctuation, symbols,
/// emoji parts, format and combining characters) fold to nothing so they cannot split a term.
/// </summary>
internal static class CharacterFolding
{
    public const char Dropped = '\0';
    public const char Expands = '\uFFFF';

    /// <summary>Matching fold: <see cref="Dropped"/>, <see cref="Expands"/> (see <see cref="Expansions"/>) or the char.</summary>
    public static readonly char[] Match = new char[65536];

    /// <summary>
    /// 1:1 fold (width, case, look-alikes) that keeps separators, for detectors where punctuation is part of what they
    /// look for (ids, URLs) and for Latin word boundaries.
    /// </summary>
    public static readonly char[] Narrow = new char[65536];

    /// <summary>The few BMP chars that fold to several (⑩ → "10", ㎏ → "kg").</summary>
    public static readonly Dictionary<char, string> Expansions = [];

    // Cyrillic and Greek letters that look like Latin ones (after lower-casing): "ｗеіхіn" with Cyrillic е/і is "weixin".
    private const string LookAlikes = "аaеeёeоoрpсcуyхxкkмmтtнhіiјjѕsԁdӏlɡgαaοoρpνvτtυuχxκkιiεeβb";

    static CharacterFolding()
    {
        var substitutes = new Dictionary<char, char>();
        for (var i = 0; i < LookAlikes.Length; i += 2) substitutes[LookAlikes[i]] = LookAlikes[i + 1];
        foreach (var (traditional, simplified) in VariantTable.Load()) substitutes[traditional] = simplified;

        for (var code = 0; code < 65536; code++)
        {
            var c = (char)code;
            if (char.IsSurrogate(c))
            {
                Match[code] = Dropped;
                Narrow[code] = c;
                continue;
            }

            var composed = Compatibility(c.ToString()).ToLowerInvariant();
            var folded = new StringBuilder(composed.Length);
            foreach (var part in composed)
            {
                if (!IsSeparator(part)) folded.Append(substitutes.TryGetValue(part, out var substitute) ? substitute : part);
            }
            Match[code] = folded.Length switch { 0 => Dropped, 1 => folded[0], _ => Expands };
            if (folded.Length > 1) Expansions[c] = folded.ToString();
            Narrow[code] = composed.Length == 1
                ? substitutes.GetValueOrDefault(composed[0], composed[0])
                : char.ToLowerInvariant(c);
        }
    }

    // NFKD, strip combining marks (é → e, so accents cannot dodge a Latin term), then NFKC back.
    public static string Compatibility(string value)
    {
        try
        {
            var decomposed = value.Normalize(NormalizationForm.FormKD);
            var bare = new StringBuilder(decomposed.Length);
            foreach (var c in decomposed)
            {
                var category = CharUnicodeInfo.GetUnicodeCategory(c);
                if (category is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)) bare.Append(c);
            }
            return bare.ToString().Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            return value; // not normalisable (unassigned or malformed): fold as itself
        }
    }

    /// <summary>Letters, digits and spacing marks are content; everything else can be inserted to split a term.</summary>
    public static bool IsSeparator(char c) => CharUnicodeInfo.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
            or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber or UnicodeCategory.SpacingCombiningMark => false,
        _ => true,
    };

    public static bool IsAsciiLetter(char c) => Narrow[c] is >= 'a' and <= 'z';
}
