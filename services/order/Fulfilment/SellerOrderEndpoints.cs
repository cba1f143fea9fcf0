using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SocialCommerce.Order.Jobs;
using SocialCommerce.Order.Orders;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Order.Fulfilment;

public sealed record ShipmentRequest(string? Carrier, string? TrackingNo);

/// <summary>A merchant's view of their shop's orders, and shipping them. Another shop's order answers 404.</summary>
public static class SellerOrderEndpoints
{
    public static RouteGroupBuilder MapSellerOrderEndpoints(this RouteGroupBuilder seller)
    {
        seller.MapGet("/", List);
        seller.MapGet("/{orderId:guid}", Get);
        seller.MapPost("/{orderId:guid}/shipments", Ship);
        return seller;
    }

    public static async Task<Results<Ok<OrderPage>, ValidationProblem>> List(
        HttpContext context, OrderReader reader, string? status = null, Guid? cursor = null, int limit = 20)
    {
        var validator = new Validator().Check(limit is >= 1 and <= OrderEndpoints.MaxPageSize, "limit", $"must be between 1 and {OrderEndpoints.MaxPageSize}");
        if (!validator.IsValid) return validator.ToProblem();
        return TypedResults.Ok(await reader.ListAsync("merchant_id", context.User.UserId(), status, cursor, limit));
    }

    public static async Task<Results<Ok<OrderView>, ProblemHttpResult>> Get(Guid orderId, HttpContext context, OrderReader reader)
    {
        var merchantId = context.User.UserId();
        return await reader.FindAsync(orderId, order => order.MerchantId == merchantId) is { } view
            ? TypedResults.Ok(view)
            : Problems.NotFound("The order does not exist.");
    }

    /// <summary>Paid → shipped, once. A second shipment, or one for an unpaid or cancelled order, is 409.</summary>
    public static async Task<Results<Ok<OrderView>, ValidationProblem, ProblemHttpResult>> Ship(
        Guid orderId, ShipmentRequest request, HttpContext context, NpgsqlDataSource dataSource, OrderWriter writer, OrderReader reader,
        TimeProvider time)
    {
        var validator = new Validator()
            .Check(request.Carrier is not null && Carriers.Known.Contains(request.Carrier), "carrier", $"must be one of {string.Join(", ", Carriers.Known)}")
            .Check(Carriers.IsTrackingNo(request.TrackingNo), "trackingNo", "must be 6 to 40 letters or digits");
        if (!validator.IsValid) return validator.ToProblem();
        var order = await writer.FindAsync(orderId);
        if (order is null || order.MerchantId != context.User.UserId()) return Problems.NotFound("The order does not exist.");

        var now = time.GetUtcNow();
        // Closed before the answer is read, so a request never holds two pooled connections.
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            // A group-buy order ships only once its team is complete: until then a failing team refunds it. Asked first,
            // since "settling" promises that shipping works in a moment, which is not true of a team still filling.
            if (order.TeamId is { } teamId && await connection.ExecuteScalarAsync<string>(
                    "SELECT status FROM group_buy_teams WHERE id = @teamId", new { teamId }, transaction) != "completed")
                return Problems.Conflict("The group-buy team is not complete yet.", "team-not-complete");
            // Goods leave only once catalog has the sale: a commit still owed could yet find the reservation lapsed.
            if (await OrderTaskWorker.CommitPendingAsync(connection, transaction, orderId))
                return Problems.Conflict("The payment is still being settled; ship in a moment.", "settling");
            var shipped = await OrderTransitions.MoveAsync(connection, transaction, orderId, [OrderStatus.Paid], OrderStatus.Shipped, now,
                $"{request.Carrier} {request.TrackingNo}", "shipped_at = @now");
            if (shipped is null) return Problems.Conflict("Only a paid order that has not shipped can be shipped.", "not-shippable");
            try
            {
                await connection.ExecuteAsync(
                    "INSERT INTO shipments (order_id, carrier, tracking_no, created_at) VALUES (@orderId, @Carrier, @TrackingNo, @now)",
                    new { orderId, request.Carrier, request.TrackingNo, now }, transaction);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                return Problems.Conflict("This tracking number is already used by another order.", "tracking-number-taken");
            }

            await transaction.CommitAsync();
        }

        return TypedResults.Ok((await reader.FindAsync(orderId, _ => true))!);
    }
}
