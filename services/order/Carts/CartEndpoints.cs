using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.Order.Checkout;
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
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RouteGroupBuilder MapCartEndpoints(this RouteGroupBuilder order)
    {
        order.MapGet("/cart", Get);
        order.MapPut("/cart", Put);
        return order;
    }

    public static async Task<Ok<Cart>> Get(HttpContext context, NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var lines = await connection.QuerySingleOrDefaultAsync<string>(
            "SELECT lines::text FROM carts WHERE user_id = @userId", new { userId = context.User.UserId() });
        return TypedResults.Ok(new Cart(lines is null ? [] : JsonSerializer.Deserialize<List<CartLine>>(lines, Json)!));
    }

    /// <summary>Same limits as checkout (lines, quantity per line, one line per SKU); an empty list empties the cart.</summary>
    public static async Task<Results<Ok<Cart>, ValidationProblem>> Put(
        Cart cart, HttpContext context, NpgsqlDataSource dataSource, IOptions<OrderOptions> options, TimeProvider time)
    {
        var validator = new Validator();
        validator.Check(cart.Lines is not null, "lines", "is required");
        CheckoutValidation.ValidateLines(validator, cart.Lines, options.Value, allowEmpty: true);
        if (!validator.IsValid) return validator.ToProblem();

        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO carts (user_id, lines, updated_at) VALUES (@userId, @lines::jsonb, @now)
            ON CONFLICT (user_id) DO UPDATE SET lines = excluded.lines, updated_at = excluded.updated_at
            """,
            new { userId = context.User.UserId(), lines = JsonSerializer.Serialize(cart.Lines, Json), now = time.GetUtcNow() });
        return TypedResults.Ok(cart);
    }
}
