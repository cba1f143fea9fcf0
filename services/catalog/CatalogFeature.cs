using MassTransit;
using SocialCommerce.Catalog.Browse;
using SocialCommerce.Catalog.Seller;
using SocialCommerce.Catalog.Stock;

namespace SocialCommerce.Catalog;

/// <summary>Products, SKUs and campaigns for sellers, public browse and search, and stock over gRPC for order.</summary>
public static class CatalogFeature
{
    public static void AddConsumers(IBusRegistrationConfigurator bus) => bus.AddSellerConsumers();

    public static IHostApplicationBuilder AddCatalogFeature(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CatalogOptions>().Bind(builder.Configuration.GetSection("Catalog"));
        builder.AddSellerFeature();
        builder.AddStockFeature();
        builder.AddBrowseFeature();
        builder.Services.AddGrpc();
        return builder;
    }

    public static WebApplication MapCatalogApi(this WebApplication app)
    {
        app.MapStockGrpc();
        app.MapBrowseApi();
        app.MapSellerApi();
        return app;
    }
}
