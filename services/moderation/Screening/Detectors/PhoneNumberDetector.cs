namespace SocialCommerce.Moderation.Screening.Detectors;

/// <summary>
/// Mainland mobile numbers: one run of exactly 11 digits 1[3-9]xxxxxxxxx in the normalised stream, Chinese numerals
/// counting as digits (一三八零零一三八零零零). A longer run written without separators is an order or tracking number,
/// not a phone number; but in a longer run built from separated groups ("0 138 0013 8000", a digit added to dodge the
/// length check) eleven digits from the start of one group to the end of another still are.
/// </summary>
internal static class PhoneNumberDetector
{
    // Pairs of numeral and value; 幺 is how 1 is read aloud in phone numbers. Traditional forms (貳, 陸) were already
    // folded to these by the variant table.
    private const string Numerals = "〇0一1二2三3四4五5六6七7八8九9零0壹1贰2叁3肆4伍5陆6柒7捌8玖9幺1";

    private static readonly sbyte[] DigitValues = BuildDigitValues();

    public static void Find(string text, NormalizedText normalized, List<Hit> hits)
    {
        var chars = normalized.Span;
        var i = 0;
        while (i < chars.Length)
        {
            if (DigitValues[chars[i]] < 0)
            {
                i++;
                continue;
            }
            var start = i;
            while (i < chars.Length && DigitValues[chars[i]] >= 0) i++;
            if (i - start == 11)
            {
                if (IsMobile(chars, start)) hits.Add(Hit(text, normalized, start));
                continue;
            }

            for (var group = start; group + 11 <= i; group++)
            {
                if (GroupStarts(normalized, start, group) && GroupEnds(normalized, i, group + 10) && IsMobile(chars, group))
                    hits.Add(Hit(text, normalized, group));
            }
        }
    }

    private static bool IsMobile(ReadOnlySpan<char> chars, int start) => DigitValues[chars[start]] == 1 && DigitValues[chars[start + 1]] >= 3;

    // Something was dropped between two normalised chars when their original positions are not adjacent.
    private static bool GroupStarts(NormalizedText normalized, int runStart, int index) =>
        index == runStart || normalized.Origins[index] > normalized.Origins[index - 1] + 1;

    private static bool GroupEnds(NormalizedText normalized, int runEnd, int index) =>
        index == runEnd - 1 || normalized.Origins[index + 1] > normalized.Origins[index] + 1;

    private static Hit Hit(string text, NormalizedText normalized, int start) =>
        ContactDetectors.Contact(ContactDetectors.PhoneNumber, normalized.Origins[start], normalized.OriginalEnd(text, start + 10));

    /// <summary>The digit value of a normalised char, -1 when it is not a digit.</summary>
    public static int DigitValue(char c) => DigitValues[c];

    private static sbyte[] BuildDigitValues()
    {
        var values = new sbyte[65536];
        Array.Fill(values, (sbyte)-1);
        for (var d = 0; d <= 9; d++) values['0' + d] = (sbyte)d;
        for (var i = 0; i < Numerals.Length; i += 2) values[Numerals[i]] = (sbyte)(Numerals[i + 1] - '0');
        return values;
    }
}
