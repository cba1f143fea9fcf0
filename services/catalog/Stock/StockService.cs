using System.Globalization;
using System.Text.Json;
using Google.Protobuf.Collections;
using Grpc.Core;
using SocialCommerce.Contracts.Catalog.V1;
using StockGrpc = SocialCommerce.Contracts.Catalog.V1.Stock;

namespace SocialCommerce.Catalog.Stock;

/// <summary>Prices and stock for order (stock.proto). Every mutating call is idempotent per order id, Restock per restock id.</summary>
public sealed class StockService(ReservationStore reservations, QuoteStore quotes) : StockGrpc.StockBase
{
    public const int MaxLines = 50;
    public const int MaxQuantity = 10_000;

    public override async Task<QuoteResponse> Quote(QuoteRequest request, ServerCallContext context)
    {
        var lines = ParseLines(request.Lines);
        var listed = (await quotes.ListedAsync(lines.Select(line => line.SkuId).ToList(), context.CancellationToken)).ToDictionary(sku => sku.SkuId);
        var response = new QuoteResponse();
        foreach (var line in lines)
        {
            if (listed.TryGetValue(line.SkuId, out var sku)) response.Lines.Add(ToQuotedLine(sku, line.Quantity));
            else response.Unavailable.Add(line.SkuId.ToString());
        }

        return response;
    }

    public override async Task<ReserveResponse> Reserve(ReserveRequest request, ServerCallContext context)
    {
        var orderId = ParseOrderId(request.OrderId);
        var lines = ParseLines(request.Lines);
        var result = await reservations.ReserveAsync(orderId, lines, context.CancellationToken, request.WithQuote);
        var response = new ReserveResponse
        {
            Outcome = result.Outcome switch
            {
                ReservationOutcome.Reserved => ReserveOutcome.Reserved,
                ReservationOutcome.OutOfStock => ReserveOutcome.OutOfStock,
                _ => ReserveOutcome.Unavailable,
            },
            ExpiresAt = result.ExpiresAt is { } expiresAt ? Rfc3339(expiresAt.UtcDateTime) : "",
        };
        response.FailedSkuIds.AddRange(result.FailedSkuIds.Select(id => id.ToString()));
        if (result.Quoted is { } quoted)
        {
            var listed = quoted.ToDictionary(sku => sku.SkuId);
            foreach (var line in lines)
                if (listed.TryGetValue(line.SkuId, out var sku)) response.Quoted.Add(ToQuotedLine(sku, line.Quantity));
        }

        return response;
    }

    public override async Task<StockChangeResponse> Release(OrderRequest request, ServerCallContext context) =>
        ToResponse(await reservations.ReleaseAsync(ParseOrderId(request.OrderId), context.CancellationToken));

    public override async Task<StockChangeResponse> Commit(OrderRequest request, ServerCallContext context) =>
        ToResponse(await reservations.CommitAsync(ParseOrderId(request.OrderId), context.CancellationToken));

    public override async Task<RestockResponse> Restock(RestockRequest request, ServerCallContext context)
    {
        var orderId = ParseOrderId(request.OrderId);
        var restockId = ParseId("restock_id", request.RestockId);
        var result = await reservations.RestockAsync(orderId, restockId, ParseLines(request.Lines), context.CancellationToken);
        return new RestockResponse
        {
            Outcome = result switch
            {
                RestockResult.Restocked => RestockOutcome.Restocked,
                RestockResult.NotCommitted => RestockOutcome.NotCommitted,
                RestockResult.ExceedsSold => RestockOutcome.ExceedsSold,
                // Not a retry (those answer Restocked): the caller minted one id for two different restocks.
                _ => throw Invalid($"restock_id {restockId} was already used for other lines or another order"),
            },
        };
    }

    /// <summary>Times in the catalog protos: RFC 3339 in UTC with milliseconds.</summary>
    internal static string Rfc3339(DateTime at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static Guid ParseOrderId(string raw) => ParseId("order_id", raw);

    private static Guid ParseId(string field, string raw) =>
        Guid.TryParse(raw, out var id) && id != Guid.Empty ? id : throw Invalid($"{field} '{raw}' is not a UUID");

    private static List<StockLine> ParseLines(RepeatedField<Line> lines)
    {
        if (lines.Count is < 1 or > MaxLines) throw Invalid($"between 1 and {MaxLines} lines are required");
        var parsed = new List<StockLine>(lines.Count);
        foreach (var line in lines)
        {
            if (!Guid.TryParse(line.SkuId, out var skuId)) throw Invalid($"sku_id '{line.SkuId}' is not a UUID");
            if (line.Quantity is < 1 or > MaxQuantity) throw Invalid($"quantity of {skuId} must be between 1 and {MaxQuantity}");
            // Rejected rather than merged: a repeated SKU is a bug in the caller's cart, not something to guess around.
            if (parsed.Exists(other => other.SkuId == skuId)) throw Invalid($"sku_id {skuId} appears twice");
            parsed.Add(new StockLine(skuId, line.Quantity));
        }

        return parsed;
    }

    private static RpcException Invalid(string detail) => new(new Status(StatusCode.InvalidArgument, detail));

    private static StockChangeResponse ToResponse(string? state) => new()
    {
        State = state switch
        {
            ReservationStates.Reserved => ReservationState.Reserved,
            ReservationStates.Committed => ReservationState.Committed,
            ReservationStates.Released => ReservationState.Released,
            ReservationStates.Expired => ReservationState.Expired,
            _ => ReservationState.NotFound,
        },
    };

    private static QuotedLine ToQuotedLine(QuotedSku sku, int quantity)
    {
        var line = new QuotedLine
        {
            SkuId = sku.SkuId.ToString(),
            ProductId = sku.ProductId.ToString(),
            ShopId = sku.ShopId.ToString(),
            MerchantId = sku.MerchantId.ToString(),
            Title = sku.Title,
            Price = new Money { Amount = sku.Price, Currency = sku.Currency },
            ListPrice = new Money { Amount = sku.ListPrice, Currency = sku.Currency },
            Quantity = quantity,
            Available = sku.Available,
        };
        foreach (var (name, value) in JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(sku.Attributes) ?? [])
        {
            line.Attributes[name] = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        }

        return line;
    }
}
