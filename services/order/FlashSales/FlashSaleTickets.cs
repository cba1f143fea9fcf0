using System.Text.Json.Serialization;
using Dapper;
using Npgsql;
using SocialCommerce.Order.Checkout;
using SocialCommerce.ServiceDefaults.Postgres;

namespace SocialCommerce.Order.FlashSales;

/// <summary>
/// A flash-sale buyer's ticket: admitted, its order being placed (<c>queued</c>), then <c>placed</c> with the order and its
/// pay link, or <c>refused</c> with why (the SKU went off sale, the place lapsed) and its units back in the quota.
/// The ticket id is the order's id: once placed, the order is in the buyer's orders under it.
/// </summary>
public sealed record FlashSaleTicket(
    Guid TicketId, Guid CampaignId, int Quantity, string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CheckoutResponse? Order = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CheckoutProblem? Problem = null)
{
    public const string Queued = "queued";
    public const string Placed = "placed";
    public const string Refused = "refused";

    public static string Link(Guid ticketId) => $"/api/order/flash-sales/tickets/{ticketId}";
}

public static class FlashSaleTickets
{
    /// <summary>The checkout each ticket was placed from (its shipping address included), kept with its owed call.</summary>
    public static readonly PersonalDataPart[] PersonalData =
    [
        new("flashSaleTickets",
            $"SELECT id AS ticket_id, payload AS checkout, created_at, done_at FROM owed_calls WHERE kind = '{PlaceTicketOrderCall.CallKind}' AND payload->>'userId' = @userId::text"),
    ];

    /// <summary>
    /// PIPL erasure: the recipient, phone and street in the user's tickets are blanked as in their orders. A ticket still
    /// queued then no longer matches its key's request and is refused; its units go back with the abandoned-admission sweep.
    /// </summary>
    public static Task EraseAddressesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid userId) =>
        connection.ExecuteAsync(
            $$"""
            UPDATE owed_calls SET payload = jsonb_set(payload, '{request,shippingAddress}',
                jsonb_build_object('name', '已注销', 'phone', '', 'region', payload #>> '{request,shippingAddress,region}', 'line1', ''))
            WHERE kind = '{{PlaceTicketOrderCall.CallKind}}' AND payload->>'userId' = @userId::text
            """,
            new { userId }, transaction);

    private sealed record TicketRow(Guid CampaignId, int Quantity, string? Response);

    /// <summary>The buyer's ticket; null when it is not theirs or does not exist. Its answer is the one stored on the key's claim.</summary>
    public static async Task<FlashSaleTicket?> FindAsync(NpgsqlDataSource dataSource, Guid userId, Guid ticketId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var row = await connection.QuerySingleOrDefaultAsync<TicketRow>(
            """
            SELECT a.campaign_id, a.quantity, r.response::text AS response
            FROM flash_sale_admissions a JOIN checkout_requests r ON r.user_id = a.user_id AND r.order_id = a.order_id
            WHERE a.order_id = @ticketId AND a.user_id = @userId
            """,
            new { ticketId, userId });
        if (row is null) return null;
        if (row.Response is null) return new FlashSaleTicket(ticketId, row.CampaignId, row.Quantity, FlashSaleTicket.Queued);
        var answer = CheckoutClaims.Read(row.Response);
        return answer.Order is { } order
            ? new FlashSaleTicket(ticketId, row.CampaignId, row.Quantity, FlashSaleTicket.Placed, Order: order)
            : new FlashSaleTicket(ticketId, row.CampaignId, row.Quantity, FlashSaleTicket.Refused, Problem: answer.Problem);
    }
}
