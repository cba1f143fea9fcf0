using System.Diagnostics.Metrics;
using SocialCommerce.ServiceDefaults.Telemetry;

namespace SocialCommerce.Catalog.Stock;

/// <summary>Reservation outcomes, expiries and restocked units, for the flash-sale and oversell dashboards.</summary>
internal static class StockMetrics
{
    private static readonly Counter<long> Reservations = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.stock.reservations", description: "Reserve calls decided, by outcome (repeats of a decided order are not counted)");

    private static readonly Counter<long> Expired = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.stock.expired", description: "Reservations whose stock returned because order neither committed nor released them in time");

    private static readonly Counter<long> Restocked = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.stock.restocked", description: "Sold units put back on sale by Restock (repeats of a restock id are not counted)");

    public static void Decided(ReservationOutcome outcome) =>
        Reservations.Add(1, new KeyValuePair<string, object?>("outcome", ReservationStates.OutcomeName(outcome)));

    public static void ExpiredReservations(int count)
    {
        if (count > 0) Expired.Add(count);
    }

    public static void RestockedUnits(int units)
    {
        if (units > 0) Restocked.Add(units);
    }
}
