namespace SocialCommerce.Catalog.Stock;

/// <summary>Stock reservation and campaigns over gRPC for order, and the job that returns lapsed reservations.</summary>
public static class StockFeature
{
    public static IHostApplicationBuilder AddStockFeature(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReservationStore>();
        builder.Services.AddSingleton<QuoteStore>();
        builder.Services.AddHostedService<ReservationExpiryJob>();
        return builder;
    }

    // Internal only, like identity's directory: the gateway routes no gRPC, so callers are services on the cluster network.
    public static WebApplication MapStockGrpc(this WebApplication app)
    {
        app.MapGrpcService<StockService>();
        app.MapGrpcService<CampaignsService>();
        return app;
    }
}
