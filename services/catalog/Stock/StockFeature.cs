namespace SocialCommerce.Catalog.Stock;

/// <summary>Stock reservation over gRPC for order, and the job that returns lapsed reservations.</summary>
public static class StockFeature
{
    public static IHostApplicationBuilder AddStockFeature(this IHostApplicationBuilder builder)
    {
        return builder;
    }

    public static WebApplication MapStockGrpc(this WebApplication app)
    {
        return app;
    }
}
