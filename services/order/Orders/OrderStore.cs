using System.Text.Json;
using Dapper;
using Npgsql;
using SocialCommerce.ServiceDefaults.Postgres;

namespace SocialCommerce.Order.Orders;

public sealed record NewOrderLine(Guid SkuId, Guid ProductId, string Title, IReadOnlyDictionary<string, string> Attributes, long UnitPrice, int Quantity);

/// <summary>An order as checkout writes it: prices as quoted (or the campaign's), one shop.</summary>
public sealed record NewOrder(
    Guid Id, Guid UserId, Guid ShopId, Guid MerchantId, string Currency, ShippingAddress Address, string? ReferralCode, Guid? CampaignId,
    DateTimeOffset ExpiresAt, IReadOnlyList<NewOrderLine> Lines)
{
    public long Total => Lines.Sum(line => line.UnitPrice * line.Quantity);
}

/// <summary>
/// Every statement on the order tables (orders, order_lines, order_status_history, refunds, shipments, tracking_events)
/// lives in OrderStore, split by subject: this file (writing and finding orders), .Transitions (status changes and row
/// locks), .Refunds, .Shipping and .Views. Statements that belong to a larger change take the caller's connection and
/// transaction: the caller decides what commits together (an order with its team place, a payment with its owed calls).
/// </summary>
public sealed partial class OrderStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<OrderRow?> FindAsync(Guid orderId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await FindAsync(connection, orderId);
    }

    /// <summary>
    /// On a connection the caller holds: checkout passes the one with the Idempotency-Key's lock, since taking a second one
    /// from the pool while holding the first would, under load, leave every request holding one and waiting for another.
    /// </summary>
    public static Task<OrderRow?> FindAsync(NpgsqlConnection connection, Guid orderId) =>
        connection.QuerySingleOrDefaultAsync<OrderRow>($"SELECT {OrderRow.Columns} FROM orders WHERE id = @orderId", new { orderId });

    /// <summary>
    /// The order, its lines and its first history row, in one statement (one round trip, however many lines): the lines
    /// come as one JSON array. The lines' foreign key is checked at the statement's end, when the order row is there.
    /// </summary>
    public static Task<OrderRow> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, NewOrder order, DateTimeOffset now) =>
        connection.QuerySingleAsync<OrderRow>(
            $"""
            WITH written AS (
                INSERT INTO orders (id, order_no, user_id, shop_id, merchant_id, status, total, currency, shipping_address, referral_code,
                                    created_at, expires_at, updated_at, campaign_id)
                VALUES (@Id, to_char(@now AT TIME ZONE 'Asia/Shanghai', 'YYMMDD') || lpad(nextval('order_numbers')::text, 8, '0'),
                        @UserId, @ShopId, @MerchantId, 'awaiting-payment', @Total, @Currency, @address::jsonb, @ReferralCode, @now, @ExpiresAt, @now,
                        @CampaignId)
                RETURNING *
            ), lines AS (
                INSERT INTO order_lines (order_id, sku_id, product_id, title, attributes, unit_price, quantity)
                SELECT @Id, l.sku_id, l.product_id, l.title, l.attributes, l.unit_price, l.quantity
                FROM jsonb_to_recordset(@lines::jsonb) AS l (sku_id uuid, product_id uuid, title text, attributes jsonb, unit_price bigint, quantity integer)
            ), history AS (
                INSERT INTO order_status_history (order_id, status, note, at) VALUES (@Id, 'awaiting-payment', NULL, @now)
            )
            SELECT {OrderRow.Columns} FROM written
            """,
            new
            {
                order.Id, now, order.UserId, order.ShopId, order.MerchantId, order.Total, order.Currency,
                address = JsonSerializer.Serialize(order.Address, Json), order.ReferralCode, order.ExpiresAt, order.CampaignId,
                lines = JsonSerializer.Serialize(order.Lines.Select(line => new
                {
                    sku_id = line.SkuId, product_id = line.ProductId, title = line.Title, attributes = line.Attributes,
                    unit_price = line.UnitPrice, quantity = line.Quantity,
                }), Json),
            },
            transaction);

    /// <summary>
    /// Attaching the payment checkout opened, as a statement for a caller that batches it with its own in one round trip
    /// (checkout's answer: <c>@attachTo</c>, <c>@paymentId</c>, <c>@payUrl</c>).
    /// </summary>
    public const string AttachPaymentStatement =
        "UPDATE orders SET payment_id = @paymentId, pay_url = @payUrl WHERE id = @attachTo AND payment_id IS NULL";

    /// <summary>Finding an order whose id a subquery gives, as a statement for a caller that batches it (checkout's claim).</summary>
    public static string FindStatement(string orderIdQuery) => $"SELECT {OrderRow.Columns} FROM orders WHERE id = ({orderIdQuery})";

    /// <summary>The group-buy team whose place the order holds (written with the place, in the order's transaction).</summary>
    public static Task SetTeamAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid orderId, Guid teamId) =>
        connection.ExecuteAsync("UPDATE orders SET team_id = @teamId WHERE id = @orderId", new { orderId, teamId }, transaction);

    /// <summary>Units of a campaign in the user's orders that are not cancelled (the per-user limit counts them all).</summary>
    public static Task<long> CampaignUnitsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid userId, Guid campaignId) =>
        connection.ExecuteScalarAsync<long>(
            """
            SELECT coalesce(sum(l.quantity), 0) FROM orders o JOIN order_lines l ON l.order_id = o.id
            WHERE o.user_id = @userId AND o.campaign_id = @campaignId AND o.status <> 'cancelled'
            """,
            new { userId, campaignId }, transaction);

    /// <summary>PIPL erasure: recipient, phone and street are blanked; the order stays for the merchant's books.</summary>
    public static Task EraseAddressesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid userId) =>
        connection.ExecuteAsync(
            """
            UPDATE orders SET shipping_address = jsonb_build_object('name', '已注销', 'phone', '', 'region', shipping_address->>'region', 'line1', '')
            WHERE user_id = @userId
            """,
            new { userId }, transaction);

    /// <summary>The shopper's orders with their lines, addresses, history, shipments and refunds, for their data export.</summary>
    public static readonly PersonalDataPart[] PersonalData =
    [
        new("orders", "SELECT * FROM orders WHERE user_id = @userId ORDER BY created_at"),
        new("orderLines", "SELECT l.* FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.user_id = @userId"),
        new("orderStatusHistory", "SELECT h.* FROM order_status_history h JOIN orders o ON o.id = h.order_id WHERE o.user_id = @userId"),
        new("shipments", "SELECT s.* FROM shipments s JOIN orders o ON o.id = s.order_id WHERE o.user_id = @userId"),
        new("trackingEvents", "SELECT t.* FROM tracking_events t JOIN orders o ON o.id = t.order_id WHERE o.user_id = @userId"),
        new("refunds", "SELECT r.* FROM refunds r JOIN orders o ON o.id = r.order_id WHERE o.user_id = @userId"),
    ];

    private DateTimeOffset Now => time.GetUtcNow();
}
