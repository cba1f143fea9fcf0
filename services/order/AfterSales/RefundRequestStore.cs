using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.Order.Orders;
using SocialCommerce.ServiceDefaults.Postgres;

namespace SocialCommerce.Order.AfterSales;

public enum RequestOutcome { Done, NotFound, WrongState, WindowClosed, ExceedsBought }

/// <summary>
/// After-sales requests. Every step locks the order row first, so a request, its decision and the refund it opens
/// see one consistent order; the one-open-request index and the guarded refund counters make concurrent requests safe.
/// </summary>
public sealed class RefundRequestStore(NpgsqlDataSource dataSource, IOptions<OrderOptions> options, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly string[] Refundable = [OrderStatus.Delivered, OrderStatus.Completed, OrderStatus.PartiallyRefunded];

    public static readonly PersonalDataPart[] PersonalData = [new("refundRequests", "SELECT * FROM refund_requests WHERE user_id = @userId")];

    /// <summary>PIPL erasure: the free text a shopper wrote may name them or hold a phone number.</summary>
    public static Task EraseReasonsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid userId) =>
        connection.ExecuteAsync("UPDATE refund_requests SET reason = '' WHERE user_id = @userId", new { userId }, transaction);

    public async Task<(RequestOutcome Outcome, RefundRequestRow? Request)> CreateAsync(Guid orderId, Guid userId, NewRefundRequest request)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var order = await OrderStore.LockAsync(connection, transaction, orderId);
        if (order is null || order.UserId != userId) return (RequestOutcome.NotFound, null);
        if (!Refundable.Contains(order.Status)) return (RequestOutcome.WrongState, null);
        if (order.DeliveredAt is not { } delivered || new DateTimeOffset(delivered, TimeSpan.Zero) + options.Value.RefundWindow < now)
            return (RequestOutcome.WindowClosed, null);

        var bought = (await OrderStore.LinesAsync(connection, orderId, transaction)).ToDictionary(line => line.SkuId);
        // The endpoint refused null lines already.
        IEnumerable<RefundRequestLine> wanted = request.Lines?.OfType<RefundRequestLine>().ToList() ?? bought.Values.Where(line => line.RefundedQuantity < line.Quantity)
            .Select(line => new RefundRequestLine(line.SkuId, line.Quantity - line.RefundedQuantity)).ToList();
        var lines = new List<RefundLine>();
        foreach (var line in wanted)
        {
            if (!bought.TryGetValue(line.SkuId, out var row) || line.Quantity > row.Quantity - row.RefundedQuantity)
                return (RequestOutcome.ExceedsBought, null);
            lines.Add(new RefundLine(line.SkuId, line.Quantity, line.Quantity * row.UnitPrice));
        }

        var amount = lines.Sum(line => line.Amount);
        if (amount <= 0 || amount > order.PaidAmount - order.RefundCommitted) return (RequestOutcome.ExceedsBought, null);

        var created = await connection.QuerySingleAsync<RefundRequestRow>(
            $"""
            INSERT INTO refund_requests (id, order_id, user_id, merchant_id, status, order_status, reason, amount, lines, created_at)
            VALUES (@id, @orderId, @userId, @MerchantId, 'pending', @Status, @reason, @amount, @lines::jsonb, @now)
            RETURNING {RefundRequestRow.Columns}
            """,
            new
            {
                id = Guid.CreateVersion7(), orderId, userId, order.MerchantId, order.Status,
                reason = string.IsNullOrWhiteSpace(request.Reason) ? "7-day no-reason return" : request.Reason.Trim(),
                amount, lines = JsonSerializer.Serialize(lines, Json), now,
            },
            transaction);
        await OrderStore.MoveAsync(connection, transaction, orderId, Refundable, OrderStatus.RefundRequested, now, $"refund request {created.Id}");
        await transaction.CommitAsync();
        return (RequestOutcome.Done, created);
    }

    public async Task<RefundRequestRow?> FindAsync(Guid requestId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<RefundRequestRow>(
            $"SELECT {RefundRequestRow.Columns} FROM refund_requests WHERE id = @requestId", new { requestId });
    }

    public async Task<IReadOnlyList<RefundRequestRow>> ListAsync(Guid? merchantId, string? status, int limit)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<RefundRequestRow>(
            $"""
            SELECT {RefundRequestRow.Columns} FROM refund_requests
            WHERE (@merchantId::uuid IS NULL OR merchant_id = @merchantId) AND (@status::text IS NULL OR status = @status)
            ORDER BY created_at LIMIT @limit
            """,
            new { merchantId, status, limit })).ToList();
    }

    /// <summary>Approves a request in one of <paramref name="from"/>: the order goes to refunding and the refund is owed.</summary>
    public Task<RequestOutcome> ApproveAsync(Guid requestId, Func<RefundRequestRow, bool> mayDecide, string[] from, Guid decidedBy, string? note) =>
        DecideAsync(requestId, mayDecide, from, decidedBy, note, async (connection, transaction, request, order, now) =>
        {
            await OrderStore.MoveAsync(connection, transaction, order.Id, [OrderStatus.RefundRequested], OrderStatus.Refunding, now,
                $"refund request {request.Id} approved");
            var refundId = await OrderStore.OpenRefundAsync(connection, transaction, order, order.PaymentId!.Value, RefundKinds.AfterSales, request.Amount,
                OrderStore.ReadRefundLines(request.Lines), request.Id, restock: true, now);
            if (refundId is null) throw new InvalidOperationException($"Refund request {request.Id} exceeds what order {order.Id} has left.");
            return RefundRequestStatus.Approved;
        });

    /// <summary>Rejects a request in one of <paramref name="from"/>: the order returns to where it was before the request.</summary>
    public Task<RequestOutcome> RejectAsync(Guid requestId, Func<RefundRequestRow, bool> mayDecide, string[] from, Guid decidedBy, string? note) =>
        DecideAsync(requestId, mayDecide, from, decidedBy, note, async (connection, transaction, request, order, now) =>
        {
            await OrderStore.MoveAsync(connection, transaction, order.Id, [OrderStatus.RefundRequested], request.OrderStatus, now,
                $"refund request {request.Id} rejected");
            return RefundRequestStatus.Rejected;
        });

    /// <summary>The shopper takes a merchant's rejection to an admin, once.</summary>
    public async Task<RequestOutcome> EscalateAsync(Guid requestId, Guid userId)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var request = await FindForUpdateAsync(connection, transaction, requestId, lockRow: false);
        if (request is null || request.UserId != userId) return RequestOutcome.NotFound;
        // Order row first; the guarded UPDATE below then settles a race between two escalations.
        await OrderStore.LockAsync(connection, transaction, request.OrderId);
        int escalated;
        try
        {
            escalated = await connection.ExecuteAsync(
                """
                UPDATE refund_requests SET status = 'escalated', escalated_at = @now
                WHERE id = @requestId AND status = 'rejected' AND escalated_at IS NULL
                """,
                new { requestId, now }, transaction);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return RequestOutcome.WrongState; // another request of the order is open
        }
        if (escalated == 0) return RequestOutcome.WrongState;
        var moved = await OrderStore.MoveAsync(connection, transaction, request.OrderId, [request.OrderStatus], OrderStatus.RefundRequested, now,
            $"refund request {requestId} escalated");
        if (moved is null) return RequestOutcome.WrongState;
        await transaction.CommitAsync();
        return RequestOutcome.Done;
    }

    private async Task<RequestOutcome> DecideAsync(
        Guid requestId, Func<RefundRequestRow, bool> mayDecide, string[] from, Guid decidedBy, string? note,
        Func<NpgsqlConnection, NpgsqlTransaction, RefundRequestRow, OrderRow, DateTimeOffset, Task<string>> apply)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var unlocked = await FindForUpdateAsync(connection, transaction, requestId, lockRow: false);
        if (unlocked is null || !mayDecide(unlocked)) return RequestOutcome.NotFound;
        // Order row before request row, the order every writer of an order follows.
        var order = (await OrderStore.LockAsync(connection, transaction, unlocked.OrderId))!;
        var request = (await FindForUpdateAsync(connection, transaction, requestId))!;
        if (!from.Contains(request.Status)) return RequestOutcome.WrongState;
        var status = await apply(connection, transaction, request, order, now);
        await connection.ExecuteAsync(
            "UPDATE refund_requests SET status = @status, decided_at = @now, decided_by = @decidedBy, decision_note = @note WHERE id = @requestId",
            new { status, now, decidedBy, note, requestId }, transaction);
        await transaction.CommitAsync();
        return RequestOutcome.Done;
    }

    private static Task<RefundRequestRow?> FindForUpdateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid requestId, bool lockRow = true) =>
        connection.QuerySingleOrDefaultAsync<RefundRequestRow>(
            $"SELECT {RefundRequestRow.Columns} FROM refund_requests WHERE id = @requestId{(lockRow ? " FOR UPDATE" : "")}",
            new { requestId }, transaction);
}
