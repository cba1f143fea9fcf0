using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Order.Carts;

public sealed record Cart(IReadOnlyList<CartLine> Lines);

/// <summary>
/// The shopper's cart: a list of SKUs and quantities the app replaces whole. Prices and stock are not kept here;
/// checkout quotes them from catalog, and bought SKUs leave the cart when the order is placed.
/// </summary>
public static class CartEndpoints
{
    public static RouteGroupBuilder MapCartEndpoints(this RouteGroupBuilder order)
    {
        order.MapGet("/cart", Get).WithSummary("My cart");
        order.MapPut("/cart", Put).WithSummary("Replace my cart")
            .WithRequestExample(new { lines = new[] { new { skuId = Guid.Parse("0193a6a0-0000-7000-8000-000000000001"), quantity = 2 } } });
        return order;
    }

    public static async Task<Ok<Cart>> Get(HttpContext context, CartStore carts) =>
        TypedResults.Ok(new Cart(await carts.GetAsync(context.User.UserId())));

    /// <summary>Same limits as checkout (lines, quantity per line, one line per SKU); an empty list empties the cart.</summary>
    public static async Task<Results<Ok<Cart>, ValidationProblem>> Put(Cart cart, HttpContext context, CartStore carts, IOptions<OrderOptions> options)
    {
        var validator = new Validator();
        validator.Check(cart.Lines is not null, "lines", "is required");
        CartLines.Validate(validator, cart.Lines, options.Value, allowEmpty: true);
        if (!validator.IsValid) return validator.ToProblem();
        await carts.PutAsync(context.User.UserId(), cart.Lines!);
        return TypedResults.Ok(cart);
    }
}
