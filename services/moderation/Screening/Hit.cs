namespace SocialCommerce.Moderation.Screening;

public sealed record LexiconTerm(string Term, string Category);

/// <summary>
/// One finding. Start/Length are UTF-16 code units of the ORIGINAL text, from the first to the last original character
/// of the match, separators inserted between them included. Term is the lexicon term as written, or for the contact
/// detectors one of "phone-number", "qq-number", "wechat-id", "url", "email".
/// </summary>
public sealed record Hit(string Term, string Category, int Start, int Length);
