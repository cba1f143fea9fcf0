using Microsoft.AspNetCore.Http.HttpResults;
using SocialCommerce.ServiceDefaults;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Catalog.Seller;

/// <summary>The merchant's own products. Another shop's product id answers 404: its existence is not revealed.</summary>
public static class ProductEndpoints
{
    private const string NotFoundTitle = "The product does not exist.";

    public static RouteGroupBuilder MapProductEndpoints(this RouteGroupBuilder seller)
    {
        var products = seller.MapGroup("/products").WithTag("Seller products",
            "A merchant's products with their SKUs: draft, submit for moderation, listed, delisted. Every answer is scoped to the caller's shop.")
            .ProducesConflict("shop-not-open");
        products.MapPost("/", Create).WithSummary("Create a draft product with its SKUs").WithRequestExample(new
        {
            title = "高山云雾绿茶 明前特级 250克", description = "高山云雾茶园，明前采摘，手工炒制。", categoryId = 203,
            images = new[] { "https://img.example.com/tea/1.jpg" }, tags = new[] { "绿茶", "明前" },
            skus = new[]
            {
                new { attributes = new Dictionary<string, string> { ["规格"] = "250克" }, price = new Money(7900, "CNY"),
                    listPrice = new Money(9900, "CNY"), stock = 100, lowStockThreshold = 10 },
            },
        });
        products.MapPut("/{productId:guid}", Update).WithSummary("Replace a product (a listed product goes back through moderation)")
            .ProducesConflict("product-not-editable", "sku-in-use");
        products.MapGet("/", List);
        products.MapGet("/{productId:guid}", Get);
        products.MapPost("/{productId:guid}/submit", Submit).WithSummary("Submit for moderation").ProducesConflict("already-submitted");
        products.MapPost("/{productId:guid}/delist", Delist).WithSummary("Take off sale").ProducesConflict("not-listed");
        return seller;
    }

    public static async Task<Results<Created<SellerProduct>, ValidationProblem>> Create(
        ProductRequest request, HttpContext context, ProductStore store)
    {
        var draft = await ValidateAsync(request, store);
        if (draft.Problem is not null) return draft.Problem;
        var shopId = CallerShopFilter.ShopId(context);
        var productId = await store.CreateAsync(shopId, draft.Product!);
        return TypedResults.Created($"/api/seller/products/{productId}", (await store.FindAsync(shopId, productId))!);
    }

    public static async Task<Results<Ok<SellerProduct>, ValidationProblem, ProblemHttpResult>> Update(
        Guid productId, ProductRequest request, HttpContext context, ProductStore store)
    {
        var draft = await ValidateAsync(request, store);
        if (draft.Problem is not null) return draft.Problem;
        var shopId = CallerShopFilter.ShopId(context);
        return await store.UpdateAsync(shopId, productId, draft.Product!) switch
        {
            UpdateOutcome.NotFound => Problems.NotFound(NotFoundTitle),
            UpdateOutcome.NotEditable => Problems.Conflict(
                "Only a draft or rejected product can be edited; delist or wait for the review first.", "product-not-editable"),
            UpdateOutcome.SkuInUse => Problems.Conflict(
                "A SKU that is left out has reserved or sold stock or a campaign; keep its attribute set.", "sku-in-use"),
            _ => TypedResults.Ok((await store.FindAsync(shopId, productId))!),
        };
    }

    public static async Task<Results<Ok<SellerProductList>, ValidationProblem>> List(
        string? status, int? limit, string? cursor, HttpContext context, ProductStore store)
    {
        Guid parsedCursor = default;
        var validator = new Validator()
            .Check(status is null || ProductStatus.All.Contains(status), "status", "must be draft, pending-review, listed, rejected or delisted")
            .Check(limit is null or (> 0 and <= 100), "limit", "must be between 1 and 100")
            .Check(cursor is null || Guid.TryParse(cursor, out parsedCursor), "cursor", "is not a cursor this API returned");
        if (!validator.IsValid) return validator.ToProblem();
        return TypedResults.Ok(await store.ListAsync(
            CallerShopFilter.ShopId(context), status, limit ?? 20, cursor is null ? null : parsedCursor));
    }

    public static async Task<Results<Ok<SellerProduct>, ProblemHttpResult>> Get(Guid productId, HttpContext context, ProductStore store) =>
        await store.FindAsync(CallerShopFilter.ShopId(context), productId) is { } product
            ? TypedResults.Ok(product)
            : Problems.NotFound(NotFoundTitle);

    public static async Task<Results<Accepted<SellerProduct>, ProblemHttpResult>> Submit(
        Guid productId, HttpContext context, ListingStore listings, ProductStore store)
    {
        var shopId = CallerShopFilter.ShopId(context);
        return await listings.SubmitAsync(shopId, context.User.UserId(), productId) switch
        {
            ListingOutcome.NotFound => Problems.NotFound(NotFoundTitle),
            ListingOutcome.WrongState => Problems.Conflict("The product is already pending review or listed.", "already-submitted"),
            _ => TypedResults.Accepted($"/api/seller/products/{productId}", (await store.FindAsync(shopId, productId))!),
        };
    }

    public static async Task<Results<Ok<SellerProduct>, ProblemHttpResult>> Delist(
        Guid productId, HttpContext context, ListingStore listings, ProductStore store)
    {
        var shopId = CallerShopFilter.ShopId(context);
        return await listings.DelistAsync(shopId, productId) switch
        {
            ListingOutcome.NotFound => Problems.NotFound(NotFoundTitle),
            ListingOutcome.WrongState => Problems.Conflict("Only a listed product can be delisted.", "not-listed"),
            _ => TypedResults.Ok((await store.FindAsync(shopId, productId))!),
        };
    }

    private static async Task<(ProductDraft? Product, ValidationProblem? Problem)> ValidateAsync(ProductRequest request, ProductStore store)
    {
        var validator = new Validator();
        var draft = ProductValidation.Validate(request, validator);
        if (request.CategoryId is { } categoryId && !await store.CategoryExistsAsync(categoryId))
        {
            validator.Add("categoryId", "is not a category");
        }

        return validator.IsValid ? (draft, null) : (null, validator.ToProblem());
    }
}
