using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SocialCommerce.Order.Fulfilment;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Order.Orders;

/// <summary>The shopper's own orders. Anyone else's order answers 404, as if it did not exist.</summary>
public static class OrderEndpoints
{
    public const int MaxPageSize = 50;

    public static RouteGroupBuilder MapOrderEndpoints(this RouteGroupBuilder orders)
    {
        orders.MapGet("/", List);
        orders.MapGet("/{orderId:guid}", Get);
        orders.MapPost("/{orderId:guid}/cancel", Cancel);
        orders.MapPost("/{orderId:guid}/receipt", ConfirmReceipt);
        return orders;
    }

    public static async Task<Results<Ok<OrderPage>, ValidationProblem>> List(
        HttpContext context, OrderReader reader, string? status = null, Guid? cursor = null, int limit = 20)
    {
        var validator = new Validator().Check(limit is >= 1 and <= MaxPageSize, "limit", $"must be between 1 and {MaxPageSize}");
        if (!validator.IsValid) return validator.ToProblem();
        return TypedResults.Ok(await reader.ListAsync("user_id", context.User.UserId(), status, cursor, limit));
    }

    public static async Task<Results<Ok<OrderView>, ProblemHttpResult>> Get(Guid orderId, HttpContext context, OrderReader reader)
    {
        var userId = context.User.UserId();
        return await reader.FindAsync(orderId, order => order.UserId == userId) is { } view
            ? TypedResults.Ok(view)
            : Problems.NotFound("The order does not exist.");
    }

    /// <summary>Before shipment only. An unpaid order releases its stock; a paid one is refunded in full. A repeat answers 200.</summary>
    public static async Task<Results<Ok<OrderView>, ProblemHttpResult>> Cancel(
        Guid orderId, HttpContext context, OrderWriter writer, OrderReader reader)
    {
        var userId = context.User.UserId();
        var order = await writer.FindAsync(orderId);
        if (order is null || order.UserId != userId) return Problems.NotFound("The order does not exist.");
        if (order.Status != OrderStatus.Cancelled
            && await writer.CancelAsync(orderId, [OrderStatus.AwaitingPayment, OrderStatus.Paid], CancelReasons.Shopper) is null)
        {
            return Problems.Conflict("Only an order that has not shipped can be cancelled; ask for a refund after delivery instead.", "not-cancellable");
        }

        return TypedResults.Ok((await reader.FindAsync(orderId, _ => true))!);
    }

    public static async Task<Results<Ok<OrderView>, ProblemHttpResult>> ConfirmReceipt(
        Guid orderId, HttpContext context, NpgsqlDataSource dataSource, OrderWriter writer, OrderReader reader, TimeProvider time)
    {
        var order = await writer.FindAsync(orderId);
        if (order is null || order.UserId != context.User.UserId()) return Problems.NotFound("The order does not exist.");
        if (order.Status != OrderStatus.Completed)
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            var completed = await Completion.CompleteAsync(connection, transaction, orderId, [OrderStatus.Shipped, OrderStatus.Delivered],
                "receipt confirmed", time.GetUtcNow());
            if (completed is null) return Problems.Conflict("Only a shipped or delivered order can be confirmed as received.", "not-receivable");
            await transaction.CommitAsync();
        }

        return TypedResults.Ok((await reader.FindAsync(orderId, _ => true))!);
    }
}
