namespace SocialCommerce.Moderation.Screening.Detectors;

/// <summary>
/// Pattern detectors for the contact details used to take a buyer off the platform. Digits are read from the
/// normalised stream (separators already gone, so "138-0013-8000" and "1 3 8 ..." are one run); ids, URLs and emails
/// from a 1:1 folded copy of the original, where '_', '-', '.' and '@' still stand where they were.
/// </summary>
internal static class ContactDetectors
{
    public const string PhoneNumber = "phone-number", QqNumber = "qq-number", WeChatId = "wechat-id", Url = "url", Email = "email";

    public static void FindAll(string text, NormalizedText normalized, List<Hit> hits)
    {
        PhoneNumberDetector.Find(text, normalized, hits);
        var narrow = NarrowFold(text);
        TriggeredIdDetector.Find(text, normalized, narrow, hits);
        WebAddressDetector.Find(narrow, hits);
    }

    public static Hit Contact(string term, int start, int end) => new(term, Categories.Contact, start, end - start);

    private static string NarrowFold(string text) => string.Create(text.Length, text, static (span, source) =>
    {
        for (var i = 0; i < source.Length; i++) span[i] = CharacterFolding.Narrow[source[i]];
    });
}
