using Npgsql;
using SocialCommerce.Order.Campaigns;
using SocialCommerce.Order.Orders;

namespace SocialCommerce.Order.Fulfilment;

public enum ShipOutcome { Shipped, TeamNotComplete, Settling, NotShippable, TrackingNumberTaken }

public enum TrackingOutcome { Accepted, Duplicate, UnknownTrackingNumber }

/// <summary>An order's way to the shopper: the merchant ships it, the carrier reports it on the way and delivered.</summary>
public sealed class Shipping(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>Paid → shipped, once, with the carrier's tracking number.</summary>
    public async Task<ShipOutcome> ShipAsync(OrderRow order, string carrier, string trackingNo)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // A group-buy order ships only once its team is complete: until then a failing team refunds it. Asked first, since
        // "settling" promises that shipping works in a moment, which is not true of a team still filling.
        if (order.TeamId is { } teamId && await GroupBuyTeams.StatusAsync(connection, transaction, teamId) != "completed") return ShipOutcome.TeamNotComplete;
        // Goods leave only once catalog has the sale: a commit still owed could yet find the reservation lapsed.
        if (await OrderTasks.CommitPendingAsync(connection, transaction, order.Id)) return ShipOutcome.Settling;
        try
        {
            if (await OrderStore.ShipAsync(connection, transaction, order.Id, carrier, trackingNo, time.GetUtcNow()) is null) return ShipOutcome.NotShippable;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return ShipOutcome.TrackingNumberTaken;
        }

        await transaction.CommitAsync();
        return ShipOutcome.Shipped;
    }

    /// <summary>Stores a verified carrier event once by its id; "delivered" moves a shipped order to delivered.</summary>
    public async Task<TrackingOutcome> RecordAsync(string carrier, TrackingEvent tracked)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        if (await OrderStore.FindShipmentAsync(connection, transaction, carrier, tracked.TrackingNo!) is not { } orderId) return TrackingOutcome.UnknownTrackingNumber;
        // Carriers in China send +08:00; timestamptz parameters are written in UTC only.
        var occurredAt = tracked.OccurredAt!.Value.ToUniversalTime();
        if (!await OrderStore.AddTrackingEventAsync(connection, transaction, carrier, tracked.EventId!, orderId, tracked.Status!, tracked.Description ?? "",
                occurredAt, now))
            return TrackingOutcome.Duplicate;
        if (tracked.Status == "delivered")
        {
            // The refund window runs from delivery as the carrier saw it, but never from the future.
            await OrderStore.MarkDeliveredAsync(connection, transaction, orderId, $"{carrier} {tracked.TrackingNo}", occurredAt < now ? occurredAt : now, now);
        }

        await transaction.CommitAsync();
        return TrackingOutcome.Accepted;
    }
}
