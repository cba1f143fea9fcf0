namespace SocialCommerce.ServiceDefaults;

/// <summary>
/// An amount in the currency's smallest unit (fen for CNY) and the currency code: never floating point.
/// Serialised as <c>{ "amount": 1999, "currency": "CNY" }</c> everywhere in the public API.
/// </summary>
public readonly record struct Money(long Amount, string Currency)
{
    public const string Cny = "CNY";

    /// <summary>
    /// The largest amount any client may name (a price, a withdrawal): ¥10,000,000. Bounded so that every total built from
    /// such amounts (99 units a line, 20 lines an order) stays far inside a long and a payment provider's range.
    /// </summary>
    public const long MaxAmount = 1_000_000_000;

    public static Money Fen(long amount) => new(amount, Cny);
}
