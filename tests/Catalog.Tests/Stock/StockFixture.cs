using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using SocialCommerce.Catalog.Stock;
using SocialCommerce.Contracts.Catalog.V1;
using StockClient = SocialCommerce.Contracts.Catalog.V1.Stock.StockClient;

namespace SocialCommerce.Catalog.Tests.Stock;

/// <summary>A catalog app and gRPC channels to its Stock service through the in-memory test server.</summary>
public abstract class StockFixture : CatalogFixture
{
    private readonly List<GrpcChannel> channels = [];

    protected StockClient Client { get; private set; } = null!;

    [OneTimeSetUp]
    public void OpenChannel() => Client = NewClient();

    [OneTimeTearDown]
    public void CloseChannels() => channels.ForEach(channel => channel.Dispose());

    /// <summary>Another channel with its own handler, so concurrent calls do not all queue on one connection; it calls as order.</summary>
    protected StockClient NewClient() => ClientWith(App.Tokens.ForService("order"));

    /// <summary>A channel that calls with the given bearer token, or with none.</summary>
    protected StockClient ClientWith(string? bearer)
    {
        var handler = App.Server.CreateHandler();
        var channel = GrpcChannel.ForAddress(App.Server.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = bearer is null ? handler : TestTokens.Bearer(bearer, handler),
        });
        channels.Add(channel);
        return new StockClient(channel);
    }

    protected static ReserveRequest ReserveRequest(Guid orderId, params (Guid SkuId, int Quantity)[] lines)
    {
        var request = new ReserveRequest { OrderId = orderId.ToString() };
        request.Lines.AddRange(lines.Select(line => new Line { SkuId = line.SkuId.ToString(), Quantity = line.Quantity }));
        return request;
    }

    protected static RestockRequest RestockRequest(Guid orderId, Guid restockId, params (Guid SkuId, int Quantity)[] lines)
    {
        var request = new RestockRequest { OrderId = orderId.ToString(), RestockId = restockId.ToString() };
        request.Lines.AddRange(lines.Select(line => new Line { SkuId = line.SkuId.ToString(), Quantity = line.Quantity }));
        return request;
    }

    protected Task<ReserveResponse> ReserveAsync(Guid orderId, params (Guid SkuId, int Quantity)[] lines) =>
        Client.ReserveAsync(ReserveRequest(orderId, lines)).ResponseAsync;

    protected async Task<ReservationState> ReleaseAsync(Guid orderId) =>
        (await Client.ReleaseAsync(new OrderRequest { OrderId = orderId.ToString() })).State;

    protected async Task<ReservationState> CommitAsync(Guid orderId) =>
        (await Client.CommitAsync(new OrderRequest { OrderId = orderId.ToString() })).State;

    protected Task<long> CountAsync(string sql, object? args = null) => App.ScalarAsync<long>(sql, args);

    /// <summary>Units sold of the SKU's product (products.sales, which browse sorts by), once what is pending is folded in.</summary>
    protected async Task<long> SalesAsync(Guid skuId)
    {
        await FoldSalesAsync();
        return await CountAsync("SELECT p.sales FROM products p JOIN skus s ON s.product_id = p.id WHERE s.id = @skuId", new { skuId });
    }

    /// <summary>What the periodic fold does every few seconds, now (after any fold already running).</summary>
    protected Task<int> FoldSalesAsync() => App.Services.GetRequiredService<ProductSales>().FoldAsync(wait: true);
}
