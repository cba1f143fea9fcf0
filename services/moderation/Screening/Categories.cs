namespace SocialCommerce.Moderation.Screening;

/// <summary>Lexicon term categories, as stored and shown (kebab-case).</summary>
public static class Categories
{
    public const string Illegal = "illegal", Pornography = "pornography", Gambling = "gambling", Fraud = "fraud",
        Contact = "contact", AdvertisingLaw = "advertising-law", Custom = "custom",
        // A hit of another category lying wholly inside an allow hit is dropped (微信支付 silences 微信).
        Allow = "allow",
        // Not a lexicon category: the service files near-duplicate reviews under it.
        Duplicate = "duplicate";

    public static readonly IReadOnlySet<string> Lexicon = new HashSet<string>(StringComparer.Ordinal)
    {
        Illegal, Pornography, Gambling, Fraud, Contact, AdvertisingLaw, Custom, Allow,
    };

    public static readonly IReadOnlySet<string> Screened = new HashSet<string>(StringComparer.Ordinal)
    {
        Illegal, Pornography, Gambling, Fraud, Contact, AdvertisingLaw, Custom, Duplicate,
    };
}
