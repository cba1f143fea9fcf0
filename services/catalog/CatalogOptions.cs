namespace SocialCommerce.Catalog;

public sealed class CatalogOptions
{
    /// <summary>
    /// List submitted products without moderation. Only for deployments that run no moderation service yet
    /// (Development turns it on); a product submitted while it is on is listed at once.
    /// </summary>
    public bool AutoApproveListings { get; set; }

    /// <summary>How long reserved stock is held for an order that is neither committed nor released.</summary>
    public int ReservationMinutes { get; set; } = 30;

    /// <summary>How often the expiry job returns lapsed reservations to available stock.</summary>
    public int ExpirySweepSeconds { get; set; } = 15;

    /// <summary>How often units sold are added to the products' sales count (ProductSales): the "已售" figure lags by up to this.</summary>
    public int SalesFoldSeconds { get; set; } = 5;
}
