using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialCommerce.ServiceDefaults;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Catalog.Seller;

/// <summary><c>stock</c> is the new available stock (a number) or a change to it (<c>{ "delta": n }</c>).</summary>
public sealed record SkuPatchRequest(Money? Price, Money? ListPrice, JsonElement? Stock);

public static class SkuEndpoints
{
    public static RouteGroupBuilder MapSkuEndpoints(this RouteGroupBuilder seller)
    {
        seller.MapGroup("/skus").WithTag("Seller SKUs", "Change a SKU's price, list price or stock (set, or add with {\"delta\": n}).")
            .MapPatch("/{skuId:guid}", Patch).WithSummary("Change price or stock").ProducesConflict("shop-not-open", "insufficient-stock")
            .WithRequestExample(new { price = new Money(6900, "CNY"), listPrice = (Money?)null, stock = new { delta = 50 } });
        return seller;
    }

    public static async Task<Results<Ok<SellerSku>, ValidationProblem, ProblemHttpResult>> Patch(
        Guid skuId, SkuPatchRequest request, HttpContext context, SkuStore store)
    {
        var validator = new Validator();
        var price = request.Price is null ? null : ProductValidation.ValidateMoney(request.Price, "price", validator);
        var listPrice = request.ListPrice is null ? null : ProductValidation.ValidateMoney(request.ListPrice, "listPrice", validator);
        var (stock, delta) = ParseStock(request.Stock, validator);
        validator.Check(request.Price is not null || request.ListPrice is not null || request.Stock is not null,
            "$", "give at least one of price, listPrice and stock");
        if (!validator.IsValid) return validator.ToProblem();

        var (outcome, sku) = await store.ChangeAsync(CallerShopFilter.ShopId(context), skuId, new SkuChange(price, listPrice, stock, delta));
        switch (outcome)
        {
            case SkuChangeOutcome.NotFound:
                return Problems.NotFound("The SKU does not exist.");
            case SkuChangeOutcome.ListPriceBelowPrice:
                validator.Add(request.ListPrice is null ? "price" : "listPrice", "the list price must not be below the price");
                return validator.ToProblem();
            case SkuChangeOutcome.StockBelowZero:
                return Problems.Conflict("The change would take available stock below zero.", "insufficient-stock");
            case SkuChangeOutcome.StockAboveMax:
                validator.Add("stock.delta", $"would take available stock above {ProductValidation.MaxStock}");
                return validator.ToProblem();
            default:
                return TypedResults.Ok(sku!);
        }
    }

    private static (int? Stock, int? Delta) ParseStock(JsonElement? stock, Validator validator)
    {
        switch (stock)
        {
            case null:
                return (null, null);
            case { ValueKind: JsonValueKind.Number } absolute:
                var valid = absolute.TryGetInt32(out var value) && value is >= 0 and <= ProductValidation.MaxStock;
                validator.Check(valid, "stock", $"must be a whole number between 0 and {ProductValidation.MaxStock}");
                return (valid ? value : null, null);
            case { ValueKind: JsonValueKind.Object } change
                when change.EnumerateObject().Count() == 1 && change.TryGetProperty("delta", out var delta):
                int? bounded = delta.ValueKind == JsonValueKind.Number && delta.TryGetInt32(out var n) && Math.Abs((long)n) <= ProductValidation.MaxStock
                    ? n : null;
                validator.Check(bounded is not null, "stock.delta", $"must be a whole number between -{ProductValidation.MaxStock} and {ProductValidation.MaxStock}");
                return (null, bounded);
            default:
                validator.Add("stock", "must be a whole number or { \"delta\": n }");
                return (null, null);
        }
    }
}
