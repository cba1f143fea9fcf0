using MassTransit;
using SocialCommerce.ServiceDefaults.Auth;

namespace SocialCommerce.Catalog.Seller;

/// <summary>The seller API (/api/seller/...), shops opened on MerchantApproved, moderation decisions, and erased merchants' listings taken off.</summary>
public static class SellerFeature
{
    public static IHostApplicationBuilder AddSellerFeature(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ShopStore>();
        builder.Services.AddSingleton<ProductStore>();
        builder.Services.AddSingleton<ListingStore>();
        builder.Services.AddSingleton<SkuStore>();
        builder.Services.AddSingleton<CampaignStore>();
        return builder;
    }

    public static IBusRegistrationConfigurator AddSellerConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<MerchantApprovedConsumer>();
        bus.AddConsumer<ContentApprovedConsumer>();
        bus.AddConsumer<ContentRejectedConsumer>();
        bus.AddConsumer<ContentHeldForReviewConsumer>();
        bus.AddConsumer<UserErasedConsumer>();
        return bus;
    }

    public static WebApplication MapSellerApi(this WebApplication app)
    {
        // Every seller route needs the merchant role and acts on the caller's own shop.
        var seller = app.MapGroup("/api/seller").RequireAuthorization(Policies.Merchant).AddEndpointFilter<CallerShopFilter>();
        seller.MapProductEndpoints()
            .MapSkuEndpoints()
            .MapCampaignEndpoints();
        return app;
    }
}
