using Dapper;
using Grpc.Core;
using Npgsql;
using SocialCommerce.Contracts.Order.V1;
using PurchasesGrpc = SocialCommerce.Contracts.Order.V1.Purchases;

namespace SocialCommerce.Order.Purchases;

/// <summary>
/// Answers social's "did this user buy this product in this order, and is it in their hands": the proof behind a
/// verified-purchase review and the refunded mark on it. Refunded units are those of refunds the provider confirmed
/// (order_lines.refunded_quantity also counts refunds still on their way). Read-only, two indexed lookups.
/// </summary>
public sealed class PurchasesService(NpgsqlDataSource dataSource) : PurchasesGrpc.PurchasesBase
{
    public override async Task<Purchase> GetPurchase(GetPurchaseRequest request, ServerCallContext context)
    {
        var userId = ParseId(request.UserId, "user_id");
        var orderId = ParseId(request.OrderId, "order_id");
        var productId = ParseId(request.ProductId, "product_id");
        await using var connection = await dataSource.OpenConnectionAsync(context.CancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<PurchaseRow>(
            """
            SELECT o.status, o.delivered_at IS NOT NULL AS delivered, sum(l.quantity)::int AS quantity,
                   (SELECT coalesce(sum((line->>'quantity')::int), 0)::int
                    FROM refunds r CROSS JOIN jsonb_array_elements(r.lines) AS line
                    WHERE r.order_id = o.id AND r.status = 'succeeded'
                      AND (line->>'skuId')::uuid = ANY(array_agg(l.sku_id))) AS refunded_quantity
            FROM orders o JOIN order_lines l ON l.order_id = o.id
            WHERE o.id = @orderId AND o.user_id = @userId AND l.product_id = @productId
            GROUP BY o.id
            """,
            new { orderId, userId, productId });
        return row is null
            ? new Purchase { Found = false }
            : new Purchase
            {
                Found = true, OrderStatus = row.Status, Delivered = row.Delivered, Quantity = row.Quantity,
                RefundedQuantity = row.RefundedQuantity,
            };
    }

    private static Guid ParseId(string value, string field) => Guid.TryParse(value, out var id)
        ? id
        : throw new RpcException(new Status(StatusCode.InvalidArgument, $"{field} '{value}' is not a UUID"));

    private sealed record PurchaseRow(string Status, bool Delivered, int Quantity, int RefundedQuantity);
}
