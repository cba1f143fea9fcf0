using Microsoft.AspNetCore.Http.HttpResults;
using SocialCommerce.ServiceDefaults;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Catalog.Seller;

/// <summary>Group-buy (拼团) and flash-sale (秒杀) definitions on the merchant's own listed SKUs; order runs them.</summary>
public static class CampaignEndpoints
{
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(30);

    public static RouteGroupBuilder MapCampaignEndpoints(this RouteGroupBuilder seller)
    {
        var campaigns = seller.MapGroup("/campaigns").WithTag("Seller campaigns", "Group-buys (拼团) and flash sales (秒杀) on a listed SKU, with price, window and limits.")
            .ProducesConflict("shop-not-open");
        campaigns.MapPost("/", Create).WithSummary("Start a group-buy or flash-sale campaign").ProducesConflict("product-not-listed", "campaign-overlap")
            .WithRequestExample(new
            {
                type = "flash-sale", skuId = Guid.Parse("0193a6a0-0000-7000-8000-000000000001"), price = new Money(3900, "CNY"),
                startsAt = DateTimeOffset.Parse("2026-12-12T12:00:00+08:00"), endsAt = DateTimeOffset.Parse("2026-12-12T14:00:00+08:00"),
                teamSize = (int?)null, teamHours = (int?)null, quota = 1000, perUserLimit = 1,
            });
        campaigns.MapGet("/", List);
        return seller;
    }

    public static async Task<Results<Created<Campaign>, ValidationProblem, ProblemHttpResult>> Create(
        CampaignRequest request, HttpContext context, CampaignStore store, TimeProvider time)
    {
        var validator = new Validator();
        var draft = Validate(request, validator, time.GetUtcNow());
        if (draft is null) return validator.ToProblem();

        var (outcome, campaign) = await store.CreateAsync(CallerShopFilter.ShopId(context), draft);
        switch (outcome)
        {
            case CampaignOutcome.SkuNotFound:
                return Problems.NotFound("The SKU does not exist.");
            case CampaignOutcome.ProductNotListed:
                return Problems.Conflict("Campaigns run only on listed products.", "product-not-listed");
            case CampaignOutcome.Overlaps:
                return Problems.Conflict("Another campaign on this SKU overlaps that window.", "campaign-overlap");
            case CampaignOutcome.PriceNotBelowSku:
                validator.Add("price", "must be below the SKU's price and list price");
                return validator.ToProblem();
            case CampaignOutcome.QuotaAboveStock:
                validator.Add("quota", "must not exceed the SKU's available stock");
                return validator.ToProblem();
            default:
                return TypedResults.Created($"/api/seller/campaigns/{campaign!.CampaignId}", campaign);
        }
    }

    public static async Task<Results<Ok<CampaignList>, ValidationProblem>> List(
        int? limit, string? cursor, HttpContext context, CampaignStore store)
    {
        Guid parsedCursor = default;
        var validator = new Validator()
            .Check(limit is null or (> 0 and <= 100), "limit", "must be between 1 and 100")
            .Check(cursor is null || Guid.TryParse(cursor, out parsedCursor), "cursor", "is not a cursor this API returned");
        if (!validator.IsValid) return validator.ToProblem();
        return TypedResults.Ok(await store.ListAsync(CallerShopFilter.ShopId(context), limit ?? 20, cursor is null ? null : parsedCursor));
    }

    private static CampaignDraft? Validate(CampaignRequest request, Validator validator, DateTimeOffset now)
    {
        var groupBuy = request.Type == CampaignTypes.GroupBuy;
        var flashSale = request.Type == CampaignTypes.FlashSale;
        validator.Check(groupBuy || flashSale, "type", "must be group-buy or flash-sale")
            .Check(request.SkuId is not null, "skuId", "is required")
            .Check(request.StartsAt is not null, "startsAt", "is required")
            .Check(request.EndsAt is not null, "endsAt", "is required")
            .Check(request.StartsAt is null || request.StartsAt > now, "startsAt", "must be in the future")
            .Check(request.StartsAt is null || request.EndsAt is null || request.EndsAt > request.StartsAt, "endsAt", "must be after startsAt")
            .Check(request.StartsAt is null || request.EndsAt is null || request.EndsAt - request.StartsAt <= MaxDuration,
                "endsAt", $"must be at most {MaxDuration.TotalDays} days after startsAt")
            .Check(request.PerUserLimit is null or (>= 1 and <= ProductValidation.MaxStock), "perUserLimit",
                $"must be between 1 and {ProductValidation.MaxStock}");
        var price = ProductValidation.ValidateMoney(request.Price, "price", validator);
        if (groupBuy)
        {
            validator.Check(request.TeamSize is >= 2 and <= 50, "teamSize", "must be between 2 and 50")
                .Check(request.TeamHours is >= 1 and <= 72, "teamHours", "must be between 1 and 72")
                .Check(request.Quota is null, "quota", "applies to flash sales only");
        }

        if (flashSale)
        {
            validator.Check(request.Quota is >= 1 and <= ProductValidation.MaxStock, "quota", $"must be between 1 and {ProductValidation.MaxStock}")
                .Check(request.TeamSize is null, "teamSize", "applies to group-buys only")
                .Check(request.TeamHours is null, "teamHours", "applies to group-buys only");
        }

        if (!validator.IsValid) return null;
        // In UTC: PostgreSQL's timestamptz takes no other offset, and a client in China sends +08:00.
        return new CampaignDraft(request.Type!, request.SkuId!.Value, price!.Value, request.StartsAt!.Value.ToUniversalTime(), request.EndsAt!.Value.ToUniversalTime(),
            request.TeamSize, request.TeamHours, request.Quota, request.PerUserLimit);
    }
}
