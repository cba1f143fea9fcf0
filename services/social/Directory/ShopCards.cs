using Grpc.Core;
using Microsoft.Extensions.Options;
using SocialCommerce.Contracts.Catalog.V1;

namespace SocialCommerce.Social.Directory;

public sealed record ShopCard(Guid ShopId, string Name);

/// <summary>Shop names from catalog's ProductDirectory (catalog owns shops), cached briefly.</summary>
public sealed partial class ShopCards(
    ProductDirectory.ProductDirectoryClient directory, IOptions<SocialOptions> options, TimeProvider time, ILogger<ShopCards> logger)
{
    private readonly CardCache<ShopCard> cache = new(TimeSpan.FromSeconds(options.Value.CardCacheSeconds), time);

    /// <returns>The shop, or null when catalog does not know it.</returns>
    public async Task<ShopCard?> FindAsync(Guid shopId, CancellationToken cancellationToken = default) =>
        (await FetchAsync([shopId], cancellationToken)).GetValueOrDefault(shopId);

    /// <summary>Cards for display; a catalog that cannot be reached shows shops under a placeholder name.</summary>
    public async Task<IReadOnlyDictionary<Guid, ShopCard>> ForDisplayAsync(IEnumerable<Guid> shopIds, CancellationToken cancellationToken = default)
    {
        var ids = shopIds.Distinct().ToList();
        if (ids.Count == 0) return new Dictionary<Guid, ShopCard>();
        try
        {
            var found = await FetchAsync(ids, cancellationToken);
            return ids.ToDictionary(id => id, id => found.GetValueOrDefault(id) ?? new ShopCard(id, "店铺"));
        }
        catch (RpcException exception)
        {
            LogDirectoryUnavailable(exception.StatusCode);
            return ids.ToDictionary(id => id, id => new ShopCard(id, "店铺"));
        }
    }

    private async Task<Dictionary<Guid, ShopCard>> FetchAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var result = new Dictionary<Guid, ShopCard>();
        var request = new GetShopsRequest();
        foreach (var id in ids)
        {
            if (cache.TryGet(id, out var card)) result[id] = card;
            else request.ShopIds.Add(id.ToString());
        }

        if (request.ShopIds.Count == 0) return result;
        var response = await directory.GetShopsAsync(request, deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: cancellationToken);
        foreach (var shop in response.Shops)
        {
            var card = new ShopCard(Guid.Parse(shop.ShopId), shop.Name);
            cache.Put(card.ShopId, card);
            result[card.ShopId] = card;
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catalog's product directory did not answer ({Status}); shops shown under a placeholder name")]
    private partial void LogDirectoryUnavailable(StatusCode status);
}
