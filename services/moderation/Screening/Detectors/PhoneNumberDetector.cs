namespace SocialCommerce.Moderation.Screening.Detectors;

/// <summary>
/// Mainland mobile numbers: one run of exactly 11 digits 1[3-9]xxxxxxxxx in the normalised stream, Chinese numerals
/// counting as digits (一三八零零一三八零零零). A longer run is an order or tracking number, not a phone number.
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
            if (i - start == 11 && DigitValues[chars[start]] == 1 && DigitValues[chars[start + 1]] >= 3)
                hits.Add(ContactDetectors.Contact(ContactDetectors.PhoneNumber, normalized.Origins[start], normalized.OriginalEnd(text, i - 1)));
        }
    }

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
