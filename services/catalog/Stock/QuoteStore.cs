using Dapper;
using Npgsql;

namespace SocialCommerce.Catalog.Stock;

public sealed record QuotedSku(
    Guid SkuId, Guid ProductId, Guid ShopId, Guid MerchantId, string Title, string Attributes, long Price, long ListPrice, string Currency, int Available);

/// <summary>Current prices and stock of listed SKUs, read for order's checkout.</summary>
public sealed class QuoteStore(NpgsqlDataSource dataSource)
{
    /// <returns>Only SKUs whose product is listed; the caller reports the rest as unavailable.</returns>
    public async Task<IReadOnlyList<QuotedSku>> ListedAsync(IReadOnlyCollection<Guid> skuIds, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<QuotedSku>(ListedStatement, new { skuIds = skuIds.ToArray() });
        return rows.ToList();
    }

    /// <summary>The quote of the listed SKUs among <c>@skuIds</c>, as a statement a reservation batches before its own.</summary>
    public const string ListedStatement =
        """
        SELECT s.id AS sku_id, s.product_id, p.shop_id, sh.merchant_id, p.title, s.attributes::text AS attributes,
               s.price, s.list_price, s.currency, s.available
        FROM skus s JOIN products p ON p.id = s.product_id JOIN shops sh ON sh.id = p.shop_id
        WHERE s.id = ANY(@skuIds) AND p.status = 'listed'
        """;
}
