using SocialCommerce.Order.Campaigns;

namespace SocialCommerce.Order.Checkout;

/// <summary>The place a campaign checkout takes with its order, committed with the order or not at all.</summary>
public enum CampaignSeat { None, StartTeam, JoinTeam, FlashSale }

/// <summary>
/// What a checkout buys: the cart's lines at catalog's prices, or one campaign's SKU at the campaign's price together with a
/// seat in it (a new group-buy team, a place in one, or the flash-sale units a ticket was admitted with). Plain data:
/// <see cref="PlaceOrder"/> and <see cref="OrderPlacement"/> read it and do every step themselves. <see cref="Target"/>
/// joins the request body in the Idempotency-Key's fingerprint, so one key cannot start a team and then join another.
/// </summary>
/// <param name="LapsesAt">A flash-sale ticket's order not written by then is refused and its units go back.</param>
public sealed record CheckoutPlan(
    string Target, Campaign? Campaign = null, CampaignSeat Seat = CampaignSeat.None, Guid? TeamId = null, TimeSpan? PaymentTimeout = null,
    DateTimeOffset? LapsesAt = null)
{
    public static readonly CheckoutPlan Cart = new("cart");

    /// <summary>The leader's order, with a new team whose first place is theirs.</summary>
    public static CheckoutPlan StartTeam(Campaign campaign) =>
        new($"group-buy:{campaign.Id}:start", campaign, CampaignSeat.StartTeam, Guid.CreateVersion7());

    public static CheckoutPlan JoinTeam(Campaign campaign, Guid teamId) => new($"group-buy:{teamId}:join", campaign, CampaignSeat.JoinTeam, teamId);

    /// <summary>
    /// A flash-sale ticket's order, placed by its owed call after the admission was answered: a failure that may pass (catalog
    /// or payment-adapter unreachable) keeps the ticket for the next attempt. The buyer must pay within
    /// <paramref name="paymentTimeout"/> of the order, or the units go back to the quota.
    /// </summary>
    public static CheckoutPlan FlashSale(Campaign campaign, TimeSpan paymentTimeout, DateTimeOffset lapsesAt) =>
        new(FlashSaleTarget(campaign.Id), campaign, CampaignSeat.FlashSale, PaymentTimeout: paymentTimeout, LapsesAt: lapsesAt);

    public static string FlashSaleTarget(Guid campaignId) => $"flash-sale:{campaignId}";

    /// <summary>A ticket is placed by its owed call, retried until final; nothing of it is undone by a failure that may pass.</summary>
    public bool Queued => Seat == CampaignSeat.FlashSale;
}
