namespace SocialCommerce.Identity.Passwords;

/// <summary>
/// Length over composition (NIST 800-63B): at least 8 characters, not a well-known password, not mostly one
/// character, and at least a letter and a digit because mainland users expect that rule from every app.
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "password1", "password123", "12345678", "123456789", "1234567890", "qwerty123", "abc12345",
        "a1234567", "aa123456", "11111111", "88888888", "iloveyou", "woaini1314", "admin123", "qwertyuiop",
        "1q2w3e4r", "zxcvbnm1", "abcd1234", "passw0rd",
    };

    public static string? Check(string password, string? phone)
    {
        if (password.Length < MinLength) return $"must be at least {MinLength} characters";
        if (password.Length > MaxLength) return $"must be at most {MaxLength} characters";
        if (!password.Any(char.IsLetter) || !password.Any(char.IsDigit)) return "must contain a letter and a digit";
        if (password.Distinct().Count() < 4) return "is too repetitive";
        if (Common.Contains(password)) return "is too common";
        if (phone is not null && password.Contains(phone, StringComparison.Ordinal)) return "must not contain the phone number";
        return null;
    }
}
