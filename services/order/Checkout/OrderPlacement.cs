using Npgsql;
using SocialCommerce.Contracts.Catalog.V1;
using SocialCommerce.Contracts.Events.Order;
using SocialCommerce.Order.Campaigns;
using SocialCommerce.Order.Carts;
using SocialCommerce.Order.Orders;
using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.ServiceDefaults.Postgres;
using Microsoft.Extensions.Options;

namespace SocialCommerce.Order.Checkout;

/// <summary>
/// Writing a checkout's order, in one local transaction: the order and its lines at the quoted prices (or the campaign's),
/// the plan's seat (a team started or joined, a flash-sale admission confirmed), the bought SKUs out of the cart, and
/// OrderPlaced. A seat that is refused (the team filled meanwhile, the per-user limit) rolls all of it back.
/// </summary>
public sealed class OrderPlacement(IOptions<OrderOptions> options, OrderMetrics metrics, TimeProvider time)
{
    /// <param name="connection">The checkout's connection, holding the Idempotency-Key's lock.</param>
    public async Task<(OrderRow? Order, CheckoutResult? Refusal)> WriteAsync(
        NpgsqlConnection connection, Guid orderId, Guid userId, CheckoutRequest request, QuoteResponse quote, CheckoutPlan plan)
    {
        var now = time.GetUtcNow();
        var first = quote.Lines[0];
        var lines = quote.Lines.Select(line => new NewOrderLine(
            Guid.Parse(line.SkuId), Guid.Parse(line.ProductId), line.Title, line.Attributes.ToDictionary(a => a.Key, a => a.Value),
            plan.Campaign?.Price ?? line.Price.Amount, line.Quantity)).ToList();
        var order = new NewOrder(orderId, userId, Guid.Parse(first.ShopId), Guid.Parse(first.MerchantId), first.Price.Currency,
            request.ShippingAddress!, request.ReferralCode, plan.Campaign?.Id, now + (plan.PaymentTimeout ?? options.Value.PaymentTimeout), lines);

        await using var transaction = await connection.BeginTransactionAsync();
        var written = await OrderStore.InsertAsync(connection, transaction, order, now);
        var refusal = plan.Seat switch
        {
            CampaignSeat.StartTeam => await GroupBuyTeams.StartAsync(connection, transaction, plan.Campaign!, plan.TeamId!.Value, written, now, metrics),
            CampaignSeat.JoinTeam => await GroupBuyTeams.JoinAsync(connection, transaction, plan.Campaign!, plan.TeamId!.Value, written, now, metrics),
            CampaignSeat.FlashSale => await FlashSaleQuota.ConfirmAsync(connection, transaction, orderId),
            _ => null,
        };
        if (refusal is not null)
        {
            await transaction.RollbackAsync();
            return (null, CheckoutResult.Refused(refusal.StatusCode, refusal.Title, refusal.Code));
        }

        // A team place set the order's team.
        if (plan.Seat is CampaignSeat.StartTeam or CampaignSeat.JoinTeam) written = (await OrderStore.LockAsync(connection, transaction, orderId))!;
        // The bought SKUs out of the cart and OrderPlaced need no answer from each other: one round trip.
        var batch = CartStore.RemoveBought(new StatementBatch(), userId, lines.Select(line => line.SkuId).ToArray(), now);
        Outbox.Add(batch, new OrderPlaced(
            written.Id, written.OrderNo, userId, written.ShopId, written.Total, written.Currency,
            lines.Select(line => new Contracts.Events.Order.OrderLine(line.SkuId, line.ProductId, line.Quantity, line.UnitPrice)).ToList(),
            written.ReferralCode, now, new DateTimeOffset(written.ExpiresAt, TimeSpan.Zero)));
        await batch.ExecuteAsync(connection, transaction);
        await transaction.CommitAsync();
        return (written, null);
    }
}
