using Microsoft.Extensions.Options;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Hosting;
using SocialCommerce.ServiceDefaults.Telemetry;

namespace SocialCommerce.Catalog.Stock;

/// <summary>Stock reservation and campaigns over gRPC for order, and the job that returns lapsed reservations.</summary>
public static class StockFeature
{
    public static IHostApplicationBuilder AddStockFeature(this IHostApplicationBuilder builder)
    {
        builder.Services.AddInstrumentsAtStart<StockMetrics>();
        builder.Services.AddSingleton<ReservationStore>();
        builder.Services.AddSingleton<QuoteStore>();
        builder.Services.AddSingleton<ProductSales>();
        // Reservations that order neither committed nor released in time (an unpaid order whose cancel never arrived) give
        // their stock back. Every replica sweeps; SKIP LOCKED lets them share the lapsed rows without waiting.
        builder.AddPeriodicSweep("stock-reservation-expiry",
            services => TimeSpan.FromSeconds(Math.Max(1, services.GetRequiredService<IOptions<CatalogOptions>>().Value.ExpirySweepSeconds)),
            ReservationStore.ExpiryBatchSize,
            (services, cancellationToken) => services.GetRequiredService<ReservationStore>().ExpireLapsedAsync(ReservationStore.ExpiryBatchSize, cancellationToken));
        builder.AddPeriodicSweep("product-sales-fold",
            services => TimeSpan.FromSeconds(Math.Max(1, services.GetRequiredService<IOptions<CatalogOptions>>().Value.SalesFoldSeconds)),
            batchSize: 0, (services, cancellationToken) => services.GetRequiredService<ProductSales>().FoldAsync(cancellationToken));
        return builder;
    }

    // Internal only: the gateway routes no gRPC, and only order, with its service token, may move stock or read campaigns.
    public static WebApplication MapStockGrpc(this WebApplication app)
    {
        app.MapGrpcService<StockService>().RequireServiceCallers("order");
        app.MapGrpcService<CampaignsService>().RequireServiceCallers("order");
        // Product and shop cards for posts, shop follows and shop posts.
        app.MapGrpcService<ProductDirectoryService>().RequireServiceCallers("social");
        return app;
    }
}
