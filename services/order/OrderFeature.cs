using MassTransit;
using SocialCommerce.Order.AfterSales;
using SocialCommerce.Order.Campaigns;
using SocialCommerce.Order.GroupBuys;
using SocialCommerce.Order.Carts;
using SocialCommerce.Order.Checkout;
using SocialCommerce.Order.FlashSales;
using SocialCommerce.Order.Fulfilment;
using SocialCommerce.Order.Jobs;
using SocialCommerce.Order.Orders;
using SocialCommerce.Order.Payments;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Hosting;
using SocialCommerce.ServiceDefaults.Postgres;
using CampaignsClient = SocialCommerce.Contracts.Catalog.V1.Campaigns.CampaignsClient;
using PaymentsClient = SocialCommerce.Contracts.Payment.V1.Payments.PaymentsClient;
using StockClient = SocialCommerce.Contracts.Catalog.V1.Stock.StockClient;

namespace SocialCommerce.Order;

/// <summary>Carts, checkout, the order lifecycle, shipping, after-sales, and the jobs that keep orders moving.</summary>
public static class OrderFeature
{
    public static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<PaymentSucceededConsumer>();
        bus.AddConsumer<PaymentFailedConsumer>();
        bus.AddConsumer<RefundSucceededConsumer>();
        bus.AddConsumer<UserErasedConsumer>();
    }

    public static IHostApplicationBuilder AddOrderFeature(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OrderOptions>().Bind(builder.Configuration.GetSection("Order")).ValidateDataAnnotations().ValidateOnStart();
        // A checkout's Idempotency-Key answers repeats for a week; after that the key and the stored answer go.
        builder.AddRetention(new RetentionRule("checkout_requests", "created_at", TimeSpan.FromDays(7)));
        builder.Services.AddOptions<CarrierOptions>().Bind(builder.Configuration.GetSection("Order:Carrier")).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<FaultOptions>().Configure(faults =>
        {
            if (builder.Environment.IsDevelopment()) builder.Configuration.GetSection("Faults").Bind(faults);
        });
        builder.AddServiceGrpcClient<StockClient>("catalog");
        builder.AddServiceGrpcClient<PaymentsClient>("payment-adapter");
        builder.AddServiceGrpcClient<CampaignsClient>("catalog");
        builder.Services.AddSingleton<CampaignCatalog>();
        builder.Services.AddSingleton<FlashSaleQuota>();
        builder.Services.AddSingleton<TeamJoinTurns>();
        builder.Services.AddSingleton<OrderWriter>();
        builder.Services.AddSingleton<OrderReader>();
        builder.Services.AddSingleton<RefundRequestStore>();
        builder.Services.AddScoped<PlaceOrder>();
        builder.Services.AddHostedService<OrderSweeper>();
        builder.Services.AddHostedService<OrderTaskWorker>();
        return builder;
    }

    // The shopper's part of their data export: orders with their lines, addresses, history, shipments and refunds, the cart,
    // refund requests, group-buy places, flash-sale purchases and the Idempotency-Keys of their checkouts.
    private static readonly PersonalDataPart[] PersonalData =
    [
        new("orders", "SELECT * FROM orders WHERE user_id = @userId ORDER BY created_at"),
        new("orderLines", "SELECT l.* FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.user_id = @userId"),
        new("orderStatusHistory", "SELECT h.* FROM order_status_history h JOIN orders o ON o.id = h.order_id WHERE o.user_id = @userId"),
        new("shipments", "SELECT s.* FROM shipments s JOIN orders o ON o.id = s.order_id WHERE o.user_id = @userId"),
        new("trackingEvents", "SELECT t.* FROM tracking_events t JOIN orders o ON o.id = t.order_id WHERE o.user_id = @userId"),
        new("refunds", "SELECT r.* FROM refunds r JOIN orders o ON o.id = r.order_id WHERE o.user_id = @userId"),
        new("refundRequests", "SELECT * FROM refund_requests WHERE user_id = @userId"),
        new("cart", "SELECT * FROM carts WHERE user_id = @userId"),
        new("groupBuyMemberships", "SELECT * FROM group_buy_members WHERE user_id = @userId"),
        new("flashSalePurchases", "SELECT * FROM flash_sale_buyers WHERE user_id = @userId"),
        new("checkoutRequests", "SELECT * FROM checkout_requests WHERE user_id = @userId"),
    ];

    public static WebApplication MapOrderApi(this WebApplication app)
    {
        var order = app.MapGroup("/api/order").RequireAuthorization(Policies.User).WithTags("Orders");
        order.MapCartEndpoints();
        order.MapGroup("/orders").MapCheckoutEndpoints().MapOrderEndpoints();
        order.MapShopperRefundEndpoints();
        order.MapGroupBuyEndpoints();
        order.MapFlashSaleEndpoints();
        order.MapGroup("/admin/refund-requests").RequireAuthorization(Policies.Admin).MapAdminRefundEndpoints();
        order.MapCarrierWebhookEndpoints();
        order.MapPersonalDataExport(PersonalData);

        var seller = app.MapGroup("/api/seller").RequireAuthorization(Policies.Merchant).WithTags("Seller");
        seller.MapGroup("/orders").MapSellerOrderEndpoints();
        seller.MapGroup("/refund-requests").MapSellerRefundEndpoints();
        return app;
    }
}
