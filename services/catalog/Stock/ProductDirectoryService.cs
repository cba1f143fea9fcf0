using Dapper;
using Grpc.Core;
using Npgsql;
using SocialCommerce.Contracts.Catalog.V1;
using ProductDirectoryGrpc = SocialCommerce.Contracts.Catalog.V1.ProductDirectory;

namespace SocialCommerce.Catalog.Stock;

/// <summary>directory.proto for social: cards of products (listed or not) and shops, by id.</summary>
public sealed class ProductDirectoryService(NpgsqlDataSource dataSource) : ProductDirectoryGrpc.ProductDirectoryBase
{
    public const int MaxBatch = 200;

    public override async Task<GetProductsResponse> GetProducts(GetProductsRequest request, ServerCallContext context)
    {
        var ids = ParseIds(request.ProductIds, "product_ids");
        await using var connection = await dataSource.OpenConnectionAsync(context.CancellationToken);
        var rows = await connection.QueryAsync<ProductCardRow>(
            """
            SELECT p.id, p.shop_id, p.title, p.min_price, p.images[1] AS image_url, p.status = 'listed' AS listed, p.listed_at,
                   coalesce((SELECT s.currency FROM skus s WHERE s.product_id = p.id LIMIT 1), 'CNY') AS currency
            FROM products p WHERE p.id = ANY(@ids)
            """,
            new { ids });
        var response = new GetProductsResponse();
        response.Products.AddRange(rows.Select(row => new ProductCard
        {
            ProductId = row.Id.ToString(),
            ShopId = row.ShopId.ToString(),
            Title = row.Title,
            Price = new Money { Amount = row.MinPrice, Currency = row.Currency },
            ImageUrl = row.ImageUrl ?? "",
            Listed = row.Listed,
            ListedAt = row.ListedAt is DateTime at ? StockService.Rfc3339(at) : "",
        }));
        return response;
    }

    public override async Task<GetShopsResponse> GetShops(GetShopsRequest request, ServerCallContext context)
    {
        var ids = ParseIds(request.ShopIds, "shop_ids");
        await using var connection = await dataSource.OpenConnectionAsync(context.CancellationToken);
        var rows = await connection.QueryAsync<(Guid Id, string Name, Guid MerchantId)>(
            "SELECT id, name, merchant_id FROM shops WHERE id = ANY(@ids)", new { ids });
        var response = new GetShopsResponse();
        response.Shops.AddRange(rows.Select(row => new ShopCard
        {
            ShopId = row.Id.ToString(), Name = row.Name, MerchantId = row.MerchantId.ToString(),
        }));
        return response;
    }

    private static Guid[] ParseIds(IReadOnlyCollection<string> raw, string field)
    {
        if (raw.Count > MaxBatch) throw new RpcException(new Status(StatusCode.InvalidArgument, $"at most {MaxBatch} {field} per call"));
        return raw.Select(value => Guid.TryParse(value, out var id)
                ? id
                : throw new RpcException(new Status(StatusCode.InvalidArgument, $"'{value}' in {field} is not a UUID")))
            .Distinct().ToArray();
    }

    private sealed record ProductCardRow(Guid Id, Guid ShopId, string Title, long MinPrice, string? ImageUrl, bool Listed, DateTime? ListedAt, string Currency);
}
