using SocialCommerce.Order.AfterSales;
using SocialCommerce.Order.Campaigns;
using SocialCommerce.Order.Carts;
using SocialCommerce.Order.Checkout;
using SocialCommerce.Order.FlashSales;
using SocialCommerce.Order.Orders;
using SocialCommerce.ServiceDefaults.Postgres;

namespace SocialCommerce.Order.Privacy;

/// <summary>
/// The shopper's part of their data export, each table's query kept by the store that owns it: orders with their lines,
/// addresses, history, shipments and refunds, the cart, refund requests, group-buy places, flash-sale purchases and tickets,
/// and the Idempotency-Keys of their checkouts.
/// </summary>
public static class PersonalData
{
    public static readonly PersonalDataPart[] Parts =
    [
        .. OrderStore.PersonalData, .. RefundRequestStore.PersonalData, .. CartStore.PersonalData, .. GroupBuyTeams.PersonalData,
        .. FlashSaleQuota.PersonalData, .. FlashSaleTickets.PersonalData, .. CheckoutClaims.PersonalData,
    ];
}
