namespace SocialCommerce.ServiceDefaults;

/// <summary>
/// An amount in the currency's smallest unit (fen for CNY) and the currency code: never floating point.
/// Serialised as <c>{ "amount": 1999, "currency": "CNY" }</c> everywhere in the public API.
/// </summary>
public readonly record struct Money(long Amount, string Currency)
{
    public const string Cny = "CNY";

    public static Money Fen(long amount) => new(amount, Cny);
}
