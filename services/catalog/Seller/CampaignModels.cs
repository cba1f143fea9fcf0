using SocialCommerce.ServiceDefaults;

namespace SocialCommerce.Catalog.Seller;

public sealed record CampaignRequest(
    string? Type, Guid? SkuId, Money? Price, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, int? TeamSize, int? TeamHours,
    int? Quota, int? PerUserLimit);

/// <summary>A campaign body that passed the checks that need no database.</summary>
public sealed record CampaignDraft(
    string Type, Guid SkuId, long Price, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int? TeamSize, int? TeamHours, int? Quota,
    int? PerUserLimit);

public sealed record Campaign(
    Guid CampaignId, Guid ShopId, Guid SkuId, Guid ProductId, string Type, Money Price, DateTime StartsAt, DateTime EndsAt,
    int? TeamSize, int? TeamHours, int? Quota, int? PerUserLimit, DateTime CreatedAt);

public sealed record CampaignList(IReadOnlyList<Campaign> Items, string? NextCursor);

public static class CampaignTypes
{
    public const string GroupBuy = "group-buy";
    public const string FlashSale = "flash-sale";
}
