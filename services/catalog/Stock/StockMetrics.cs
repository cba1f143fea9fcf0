using System.Diagnostics.Metrics;
using SocialCommerce.ServiceDefaults.Telemetry;

namespace SocialCommerce.Catalog.Stock;

/// <summary>Reservation outcomes, expiries and restocked units, for the flash-sale and oversell dashboards.</summary>
public sealed class StockMetrics(IMeterFactory meters)
{
    private readonly Counter<long> reservations = SocialCommerceMetrics.From(meters).CreateCounter<long>(
        "socialcommerce.stock.reservations", description: "Reserve calls decided, by outcome (repeats of a decided order are not counted)").AtZero();

    private readonly Counter<long> expired = SocialCommerceMetrics.From(meters).CreateCounter<long>(
        "socialcommerce.stock.expired", description: "Reservations whose stock returned because order neither committed nor released them in time").AtZero();

    private readonly Counter<long> restocked = SocialCommerceMetrics.From(meters).CreateCounter<long>(
        "socialcommerce.stock.restocked", description: "Sold units put back on sale by Restock (repeats of a restock id are not counted)").AtZero();

    public void Decided(ReservationOutcome outcome) =>
        reservations.Add(1, new KeyValuePair<string, object?>("outcome", ReservationStates.OutcomeName(outcome)));

    public void ExpiredReservations(int count)
    {
        if (count > 0) expired.Add(count);
    }

    public void RestockedUnits(int units)
    {
        if (units > 0) restocked.Add(units);
    }
}
