using System.Text.RegularExpressions;

namespace SocialCommerce.Moderation.Screening.Detectors;

/// <summary>
/// URLs (http(s)://…, www.…, bare domains with a common TLD) and emails, over the 1:1 folded copy so full-width
/// "ｗｗｗ．" and "＠" count. 。 and 点 stand for the dot ("abc点com" is a known evasion). A bare domain needs a
/// registrable-looking label before the TLD, so "3.cn" or a version number is not one; "5.5cm" has no TLD at all.
/// </summary>
internal static partial class WebAddressDetector
{
    private const string TrailingPunctuation = ".,;:!?)]}'\"";

    public static void Find(string narrow, List<Hit> hits)
    {
        if (!MayHoldAddress(narrow, out var hasAt)) return;
        var dotted = narrow.Replace('。', '.').Replace('点', '.');
        if (hasAt)
        {
            foreach (Match email in EmailAddress().Matches(dotted))
                hits.Add(ContactDetectors.Contact(ContactDetectors.Email, email.Index, email.Index + email.Length));
        }
        foreach (Match url in WebAddress().Matches(dotted))
        {
            if (url.Groups["label"].Success && !IsRegistrable(url.Groups["label"].ValueSpan)) continue;
            var length = url.Length;
            while (length > 0 && TrailingPunctuation.Contains(dotted[url.Index + length - 1])) length--;
            hits.Add(ContactDetectors.Contact(ContactDetectors.Url, url.Index, url.Index + length));
        }
    }

    // Most texts have no dot between an ASCII letter or digit and an ASCII letter ("5.5cm", "1.5L" have a digit after
    // it): for them the regexes, most of the detectors' cost, are skipped.
    private static bool MayHoldAddress(string narrow, out bool hasAt)
    {
        hasAt = narrow.Contains('@');
        for (var i = 1; i + 1 < narrow.Length; i++)
        {
            if (narrow[i] is '.' or '。' or '点' && char.IsAsciiLetterOrDigit(narrow[i - 1]) && char.IsAsciiLetterLower(narrow[i + 1]))
                return true;
        }
        return hasAt;
    }

    // "qq.com", "163.com", "ab.cn" yes; "3.cn", "a.cn" no.
    private static bool IsRegistrable(ReadOnlySpan<char> label) =>
        label.Length >= 3 || (label.Length == 2 && label.ContainsAnyInRange('a', 'z'));

    [GeneratedRegex("""
        (?<![a-z0-9@._-])
        (?:
            https?://[a-z0-9-]+(?:\.[a-z0-9-]+)*
          | www\.[a-z0-9-]+(?:\.[a-z0-9-]+)+
          | (?:[a-z0-9-]+\.)*(?<label>[a-z0-9-]+)\.(?:com|cn|net|org|top|xyz|vip|cc|me|io|shop|info|club|site|online|ltd|wang|link|co|biz|app|store|tv|hk)(?![a-z0-9-])
        )
        (?::[0-9]{1,5})?(?:[/?#][!-~]*)?
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex WebAddress();

    [GeneratedRegex("(?<![a-z0-9._%+-])[a-z0-9][a-z0-9._%+-]{0,63}@[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.[a-z]{2,}(?![a-z0-9-])")]
    private static partial Regex EmailAddress();
}
