using MassTransit;

namespace SocialCommerce.Catalog.Seller;

/// <summary>The seller API (/api/seller/...), shops opened on MerchantApproved, and moderation decisions.</summary>
public static class SellerFeature
{
    public static IHostApplicationBuilder AddSellerFeature(this IHostApplicationBuilder builder)
    {
        return builder;
    }

    public static IBusRegistrationConfigurator AddSellerConsumers(this IBusRegistrationConfigurator bus)
    {
        return bus;
    }

    public static WebApplication MapSellerApi(this WebApplication app)
    {
        return app;
    }
}
