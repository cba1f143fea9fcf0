namespace SocialCommerce.Order.Orders;

/// <summary>Why an order was cancelled, as OrderCancelled and the order's history say it.</summary>
public static class CancelReasons
{
    public const string Expired = "expired", Shopper = "shopper", PaymentFailed = "payment-failed", CheckoutFailed = "checkout-failed",
        StockLapsed = "stock-lapsed", GroupBuyFailed = "group-buy-failed";
}
