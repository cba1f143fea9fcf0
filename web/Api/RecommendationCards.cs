using SocialCommerce.ApiClient.Recommendation.Models;
using CatalogMoney = SocialCommerce.ApiClient.Catalog.Models.Money;
using ProductListItem = SocialCommerce.ApiClient.Catalog.Models.ProductListItem;

namespace SocialCommerce.Web.Api;

/// <summary>
/// Recommended products drawn with the catalog's product card, so a shelf looks like every other grid, and the label that
/// says why each one is there.
/// </summary>
public static class RecommendationCards
{
    public static ProductListItem ToCard(RecommendedItem item) => new()
    {
        ProductId = item.ProductId,
        Title = item.Title,
        Image = item.ImageUrl,
        Price = item.Price is { } price ? new CatalogMoney { Amount = price.Amount, Currency = price.Currency } : null,
    };

    /// <summary>The shopper-facing reason; none for a reason this client does not know yet (the service may add sources).</summary>
    public static string? Label(string? reason) => reason switch
    {
        "friends-bought" => "好友买过",
        "similar-to-purchase" => "猜你喜欢",
        "trending" or "popular" => "热销",
        _ => null,
    };
}
