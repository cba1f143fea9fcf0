namespace SocialCommerce.Catalog.Stock;

public enum ReservationOutcome { Reserved, OutOfStock, Unavailable }

/// <summary>
/// What a Restock call did. RestockIdReused: the restock id already names a restock of other lines or another order,
/// a caller's bug rather than a retry.
/// </summary>
public enum RestockResult { Restocked, NotCommitted, ExceedsSold, RestockIdReused }

/// <summary>One line of a reservation or quote: a SKU and how many units.</summary>
public sealed record StockLine(Guid SkuId, int Quantity);

/// <summary>The first answer to an order's Reserve, returned again on every repeat.</summary>
/// <param name="Quoted">The listed lines' quote, when it was asked for with the reservation.</param>
public sealed record ReservationResult(
    ReservationOutcome Outcome, IReadOnlyList<Guid> FailedSkuIds, DateTimeOffset? ExpiresAt, IReadOnlyList<QuotedSku>? Quoted = null);

/// <summary>The values of stock_reservations.state and reject_outcome.</summary>
public static class ReservationStates
{
    public const string Reserved = "reserved";
    public const string Rejected = "rejected";
    public const string Committed = "committed";
    public const string Released = "released";
    public const string Expired = "expired";

    public static string OutcomeName(ReservationOutcome outcome) => outcome switch
    {
        ReservationOutcome.Reserved => "reserved",
        ReservationOutcome.OutOfStock => "out-of-stock",
        _ => "unavailable",
    };

    public static ReservationOutcome ParseOutcome(string? name) =>
        name == "out-of-stock" ? ReservationOutcome.OutOfStock : ReservationOutcome.Unavailable;
}
