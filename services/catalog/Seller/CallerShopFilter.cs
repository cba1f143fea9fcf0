using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Catalog.Seller;

/// <summary>
/// Every seller route acts on the caller's shop. The filter finds it once per request, so a merchant whose
/// MerchantApproved has not been consumed yet gets one clear 409 instead of each handler answering differently.
/// </summary>
public sealed class CallerShopFilter(ShopStore shops) : IEndpointFilter
{
    private const string ItemKey = "seller.shopId";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var shopId = await shops.FindByMerchantAsync(http.User.UserId());
        if (shopId is null) return Problems.Conflict("Your shop is not open yet.", "shop-not-open");
        http.Items[ItemKey] = shopId.Value;
        return await next(context);
    }

    public static Guid ShopId(HttpContext context) =>
        context.Items[ItemKey] as Guid? ?? throw new InvalidOperationException("CallerShopFilter did not run on this route.");
}
