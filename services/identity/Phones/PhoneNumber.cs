using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace SocialCommerce.Identity.Phones;

/// <summary>A mainland China mobile number in its 11-digit national form.</summary>
public readonly partial record struct PhoneNumber(string Digits)
{
    /// <summary>Accepts spaces, dashes and a +86 / 0086 / 86 prefix, as people type them.</summary>
    public static bool TryParse(string? input, [NotNullWhen(true)] out PhoneNumber? phone)
    {
        phone = null;
        if (string.IsNullOrWhiteSpace(input) || input.Length > 32) return false;
        var digits = Separators().Replace(input.Trim(), "");
        if (digits.StartsWith("+86", StringComparison.Ordinal)) digits = digits[3..];
        else if (digits.StartsWith("0086", StringComparison.Ordinal)) digits = digits[4..];
        else if (digits.Length == 13 && digits.StartsWith("86", StringComparison.Ordinal)) digits = digits[2..];
        if (!Mobile().IsMatch(digits)) return false;
        phone = new PhoneNumber(digits);
        return true;
    }

    /// <summary>138****5678: what responses and logs may show.</summary>
    public string Masked => $"{Digits[..3]}****{Digits[7..]}";

    public override string ToString() => Masked;

    [GeneratedRegex(@"[\s\-()]")]
    private static partial Regex Separators();

    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex Mobile();
}
