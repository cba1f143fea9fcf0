using System.Globalization;

namespace SocialCommerce.Moderation.Screening;

public static class TextNormalizer
{
    /// <summary>The matching form of a term or text ("" when nothing is left).</summary>
    public static string Normalize(string text)
    {
        var normalized = Map(text);
        return new string(normalized.Chars, 0, normalized.Length);
    }

    /// <summary>
    /// Folds each original character and keeps, for every normalised char, the index of the original char it came from,
    /// so a match in the normalised form reports its original span.
    /// </summary>
    internal static NormalizedText Map(string text)
    {
        var chars = new char[text.Length + 8];
        var origins = new int[chars.Length];
        var length = 0;
        var match = CharacterFolding.Match;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var folded = match[c];
            if (folded == CharacterFolding.Dropped)
            {
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    AppendSupplementary(text, i, ref chars, ref origins, ref length);
                    i++;
                }
                continue;
            }

            if (length + 1 >= chars.Length) Grow(ref chars, ref origins);
            if (folded != CharacterFolding.Expands)
            {
                chars[length] = folded;
                origins[length++] = i;
                continue;
            }
            foreach (var part in CharacterFolding.Expansions[c])
            {
                if (length >= chars.Length) Grow(ref chars, ref origins);
                chars[length] = part;
                origins[length++] = i;
            }
        }
        return new NormalizedText(chars, origins, length);
    }

    // Outside the BMP: emoji and other symbols are dropped; letters and digits (CJK extension B, mathematical
    // alphanumerics such as 𝐰𝐞𝐢𝐱𝐢𝐧) fold like the BMP, which is rare enough for a string.Normalize call.
    private static void AppendSupplementary(string text, int index, ref char[] chars, ref int[] origins, ref int length)
    {
        var category = CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(text[index], text[index + 1]));
        if (category is not (<= UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber
            or UnicodeCategory.OtherNumber)) return;
        var composed = CharacterFolding.Compatibility(text.Substring(index, 2)).ToLowerInvariant();
        foreach (var part in composed)
        {
            var folded = char.IsSurrogate(part) ? part : CharacterFolding.Match[part];
            if (folded is CharacterFolding.Dropped or CharacterFolding.Expands) continue;
            if (length >= chars.Length) Grow(ref chars, ref origins);
            chars[length] = folded;
            origins[length++] = index;
        }
    }

    private static void Grow(ref char[] chars, ref int[] origins)
    {
        Array.Resize(ref chars, chars.Length * 2);
        Array.Resize(ref origins, chars.Length);
    }
}

/// <summary>Normalised chars [0, Length) and, for each, the index of the original UTF-16 unit it came from.</summary>
internal readonly record struct NormalizedText(char[] Chars, int[] Origins, int Length)
{
    public ReadOnlySpan<char> Span => Chars.AsSpan(0, Length);

    /// <summary>The original index just past the original character that normalised char <paramref name="index"/> came from.</summary>
    public int OriginalEnd(string text, int index)
    {
        var start = Origins[index];
        return char.IsHighSurrogate(text[start]) && start + 1 < text.Length && char.IsLowSurrogate(text[start + 1])
            ? start + 2
            : start + 1;
    }
}
