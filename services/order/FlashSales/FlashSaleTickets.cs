using System.Text.Json.Serialization;
using Dapper;
using Npgsql;
using SocialCommerce.Order.Checkout;

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
