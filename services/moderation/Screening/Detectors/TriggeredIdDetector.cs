using System.Text.RegularExpressions;

namespace SocialCommerce.Moderation.Screening.Detectors;

/// <summary>
/// QQ numbers and WeChat ids only count after a word that names them: a bare 8-digit number or "abc123" is ordinary
/// text, "扣扣 1234567" or "vx: abc_12345" is a contact. Triggers are found like lexicon terms (normalised, so 微 信 and
/// ｗｅｉｘｉｎ trigger too); the id is read right after, past separators and a filler such as 号 or 是.
/// </summary>
internal static partial class TriggeredIdDetector
{
    private const int MaxGap = 4;
    private const string Fillers = "号码是为:";

    private static readonly string[] QqTriggers = ["qq", "扣扣", "企鹅", "q号"];
    private static readonly string[] WeChatTriggers =
        ["微信", "weixin", "wechat", "vx", "wx", "v信", "威信", "薇信", "徽信", "围信", "加v", "绿泡泡"];

    private static readonly string[] Triggers = [.. QqTriggers.Select(TextNormalizer.Normalize), .. WeChatTriggers.Select(TextNormalizer.Normalize)];
    private static readonly TermAutomaton Automaton = new(Triggers);

    public static void Find(string text, NormalizedText normalized, string narrow, List<Hit> hits)
    {
        var matches = new List<(int Pattern, int End)>();
        Automaton.Search(normalized.Span, matches);
        foreach (var (pattern, end) in matches)
        {
            var trigger = Triggers[pattern];
            var start = normalized.Origins[end - trigger.Length + 1];
            var triggerEnd = normalized.OriginalEnd(text, end);
            if (IsAsciiLetter(trigger[0]) && start > 0 && CharacterFolding.IsAsciiLetter(text[start - 1])) continue;
            if (IsAsciiLetter(trigger[^1]) && triggerEnd < text.Length && CharacterFolding.IsAsciiLetter(text[triggerEnd])) continue;

            var idEnd = pattern < QqTriggers.Length ? QqNumberEnd(text, normalized, end + 1) : WeChatIdEnd(narrow, triggerEnd);
            if (idEnd > 0)
                hits.Add(ContactDetectors.Contact(pattern < QqTriggers.Length ? ContactDetectors.QqNumber : ContactDetectors.WeChatId, start, idEnd));
        }

        // A raw WeChat id names itself.
        if (!narrow.Contains("wxid_", StringComparison.Ordinal)) return;
        foreach (Match id in RawWeChatId().Matches(narrow))
            hits.Add(ContactDetectors.Contact(ContactDetectors.WeChatId, id.Index, id.Index + id.Length));
    }

    // 5–11 digits as one run in the normalised stream, so "1 2 3 4 5 6 7" counts; returns the original end or -1.
    private static int QqNumberEnd(string text, NormalizedText normalized, int index)
    {
        var chars = normalized.Span;
        var skipped = 0;
        while (index < chars.Length && skipped < MaxGap && Fillers.Contains(chars[index])) (index, skipped) = (index + 1, skipped + 1);
        var digits = index;
        while (digits < chars.Length && PhoneNumberDetector.DigitValue(chars[digits]) >= 0) digits++;
        return digits - index is >= 5 and <= 11 ? normalized.OriginalEnd(text, digits - 1) : -1;
    }

    // [a-z][-_a-z0-9]{5,19}, whole, in the 1:1 folded copy (the id's own '_' and '-' matter); returns the end or -1.
    private static int WeChatIdEnd(string narrow, int index)
    {
        var skipped = 0;
        while (index < narrow.Length && skipped < MaxGap
               && (CharacterFolding.Match[narrow[index]] == CharacterFolding.Dropped || Fillers.Contains(narrow[index])))
            (index, skipped) = (index + 1, skipped + 1);
        if (index >= narrow.Length || !IsAsciiLetter(narrow[index])) return -1;
        var end = index + 1;
        while (end < narrow.Length && IsIdChar(narrow[end])) end++;
        return end - index is >= 6 and <= 20 ? end : -1;
    }

    private static bool IsAsciiLetter(char c) => c is >= 'a' and <= 'z';

    private static bool IsIdChar(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-';

    [GeneratedRegex("(?<![a-z0-9_-])wxid_[a-z0-9_-]{4,30}(?![a-z0-9_-])")]
    private static partial Regex RawWeChatId();
}
