using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SocialCommerce.ServiceDefaults;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Catalog.Browse;

/// <summary>One SKU as a cart or an order line shows it: its product's title and first image, price and stock.</summary>
public sealed record SkuCard(
    Guid SkuId, Guid ProductId, Guid ShopId, string Title, string? Image, JsonElement Attributes, Money Price, Money ListPrice,
    int Available, bool Listed);

public sealed record SkuCardList(IReadOnlyList<SkuCard> Items);

/// <summary>
/// A cart holds only SKU ids (order's <c>/api/order/cart</c>); this turns them into what a shopper recognises, in one call.
/// SKUs of a product no longer listed come back with <c>listed: false</c> rather than vanishing, so a client can say why
/// a line cannot be bought; unknown ids are left out.
/// </summary>
public static class SkuCards
{
    public const int MaxIds = 50;

    // Settable properties: Dapper's constructor matching sees text[] as System.Array and would not pick a record's constructor.
    private sealed class Row
    {
        public Guid SkuId { get; init; }
        public Guid ProductId { get; init; }
        public Guid ShopId { get; init; }
        public string Title { get; init; } = "";
        public string[] Images { get; init; } = [];
        public string Attributes { get; init; } = "{}";
        public long Price { get; init; }
        public long ListPrice { get; init; }
        public string Currency { get; init; } = "";
        public int Available { get; init; }
        public string Status { get; init; } = "";
    }

    public static async Task<Results<Ok<SkuCardList>, ValidationProblem>> Get(
        string? ids, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var parts = (ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var parsed = parts.Select(part => Guid.TryParse(part, out var id) ? id : (Guid?)null).ToArray();
        var validator = new Validator().Required("ids", ids)
            .Check(parts.Length <= MaxIds, "ids", $"must name at most {MaxIds} SKUs")
            .Check(parsed.All(id => id is not null), "ids", "must be SKU ids (GUIDs) separated by commas");
        if (!validator.IsValid) return validator.ToProblem();

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT s.id AS skuid, p.id AS productid, p.shop_id AS shopid, p.title, p.images, s.attributes::text AS attributes,
                   s.price, s.list_price AS listprice, s.currency, s.available, p.status
            FROM skus s JOIN products p ON p.id = s.product_id
            WHERE s.id = ANY(@ids)
            """, new { ids = parsed.Select(id => id!.Value).Distinct().ToArray() }, cancellationToken: cancellationToken));
        var byId = rows.ToDictionary(row => row.SkuId);
        // In the order asked, so a cart keeps its order of lines.
        var cards = parsed.Select(id => id!.Value).Distinct().Where(byId.ContainsKey).Select(id => byId[id]).Select(row => new SkuCard(
            row.SkuId, row.ProductId, row.ShopId, row.Title, row.Images.FirstOrDefault(), JsonDocument.Parse(row.Attributes).RootElement.Clone(),
            new Money(row.Price, row.Currency), new Money(row.ListPrice, row.Currency), row.Status == "listed" ? row.Available : 0,
            row.Status == "listed"));
        return TypedResults.Ok(new SkuCardList(cards.ToList()));
    }
}
