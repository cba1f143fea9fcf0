using Microsoft.Extensions.DependencyInjection;
using SocialCommerce.ApiClient;
using SocialCommerce.ApiClient.Catalog.Models;

namespace SocialCommerce.Web.Api;

/// <summary>What a cart or checkout line shows (title, image, price, stock), for SKU ids, in one catalog call.</summary>
public sealed class LineCards([FromKeyedServices(GatewayApi.Anonymous)] ApiClients api)
{
    public async Task<Dictionary<Guid, SkuCard>> ForAsync(IEnumerable<Guid> skuIds)
    {
        var ids = skuIds.Distinct().Take(50).ToList();
        if (ids.Count == 0) return [];
        var list = await api.Catalog.Skus.GetAsync(request => request.QueryParameters.Ids = string.Join(',', ids));
        return (list?.Items ?? []).Where(card => card.SkuId is not null).ToDictionary(card => card.SkuId!.Value);
    }
}
