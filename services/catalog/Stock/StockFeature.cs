using SocialCommerce.ServiceDefaults.Auth;

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

    // Internal only: the gateway routes no gRPC, and only order, with its service token, may move stock or read campaigns.
    public static WebApplication MapStockGrpc(this WebApplication app)
    {
        app.MapGrpcService<StockService>().RequireServiceCallers("order");
        app.MapGrpcService<CampaignsService>().RequireServiceCallers("order");
        return app;
    }
}
