namespace SocialCommerce.ReferralCommission.Bindings;

/// <summary>
/// Referrers see who they brought in only masked (their first and last character), which is all referral keeps of a nickname:
/// "张三丰" → "张*丰", "小明" → "小*", "alice" → "a***e".
/// </summary>
public static class Nicknames
{
    public static string Mask(string? nickname)
    {
        var text = (nickname ?? "").Trim();
        var chars = System.Globalization.StringInfo.ParseCombiningCharacters(text);
        if (chars.Length == 0) return "*";
        var first = System.Globalization.StringInfo.GetNextTextElement(text, 0);
        if (chars.Length <= 2) return first + "*";
        var last = System.Globalization.StringInfo.GetNextTextElement(text, chars[^1]);
        return first + new string('*', Math.Min(chars.Length - 2, 3)) + last;
    }
}
