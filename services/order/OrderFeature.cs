using MassTransit;
using SocialCommerce.Order.AfterSales;
using SocialCommerce.Order.Campaigns;
using SocialCommerce.Order.Cancellation;
using SocialCommerce.Order.Carts;
using SocialCommerce.Order.Checkout;
using SocialCommerce.Order.FlashSales;
using SocialCommerce.Order.Fulfilment;
using SocialCommerce.Order.GroupBuys;
using SocialCommerce.Order.Jobs;
using SocialCommerce.Order.Orders;
using SocialCommerce.Order.Payments;
using SocialCommerce.Order.Privacy;
using SocialCommerce.Order.Purchases;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Hosting;
using SocialCommerce.ServiceDefaults.Postgres;
using CampaignsClient = SocialCommerce.Contracts.Catalog.V1.Campaigns.CampaignsClient;
using PaymentsClient = SocialCommerce.Contracts.Payment.V1.Payments.PaymentsClient;
using StockClient = SocialCommerce.Contracts.Catalog.V1.Stock.StockClient;
using SocialCommerce.ServiceDefaults.Telemetry;

namespace SocialCommerce.Order;

/// <summary>
/// Carts, checkout, the order lifecycle, shipping, after-sales, and the jobs that keep orders moving. Every route and
/// consumer is named here, one step from the file that does the work: checkout (Checkout/PlaceOrder), pay
/// (Payments/PaymentSucceededConsumer), ship (Fulfilment/SellerOrderEndpoints → Shipping), refund
/// (AfterSales/RefundRequestEndpoints → RefundRequestStore), team join (GroupBuys/GroupBuyEndpoints) and flash admission
/// (FlashSales/FlashSaleEndpoints). Orders/ is the core they share (OrderStore owns every order-table statement) and imports
/// no other folder.
/// </summary>
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
        builder.Services.AddGrpc();
        builder.Services.AddOptions<OrderOptions>().Bind(builder.Configuration.GetSection("Order")).ValidateDataAnnotations().ValidateOnStart();
        // A checkout's Idempotency-Key answers repeats for a week; after that the key and the stored answer go.
        builder.AddRetention(new RetentionRule("checkout_requests", "created_at", TimeSpan.FromDays(7)));
        builder.Services.AddOptions<CarrierOptions>().Bind(builder.Configuration.GetSection("Order:Carrier")).ValidateDataAnnotations().ValidateOnStart();
        builder.AddServiceGrpcClient<StockClient>("catalog");
        builder.AddServiceGrpcClient<PaymentsClient>("payment-adapter");
        builder.AddServiceGrpcClient<CampaignsClient>("catalog");
        builder.Services.AddInstrumentsAtStart<OrderMetrics>();
        builder.Services.AddSingleton<OrderStore>();
        builder.Services.AddSingleton<CartStore>();
        builder.Services.AddSingleton<RefundRequestStore>();
        builder.Services.AddSingleton<CampaignCatalog>();
        builder.Services.AddSingleton<GroupBuyTeams>();
        builder.Services.AddSingleton<FlashSaleQuota>();
        builder.Services.AddSingleton<TeamJoinTurns>();
        builder.Services.AddSingleton<OrderCancellation>();
        builder.Services.AddSingleton<OrderPlacement>();
        builder.Services.AddSingleton<Shipping>();
        builder.Services.AddScoped<StockReservation>();
        builder.Services.AddScoped<PlaceOrder>();
        builder.AddOrderSweeps();
        builder.AddOrderCalls();
        return builder;
    }

    public static WebApplication MapOrderApi(this WebApplication app)
    {
        // Verified-purchase proof for reviews.
        app.MapGrpcService<PurchasesService>().RequireServiceCallers("social");
        var order = app.MapGroup("/api/order").RequireAuthorization(Policies.User)
            .WithTag("Orders", "The cart, checkout into an order awaiting payment, the order's life (paid, shipped, delivered, completed, cancelled) and refunds.");
        order.MapCartEndpoints();
        var orders = order.MapGroup("/orders");
        orders.MapPost("/", PlaceOrder.Checkout).WithSummary("Check out: reserve stock and open a payment (Idempotency-Key required)")
            .ProducesConflict("out-of-stock", "unavailable", "order-cancelled").WithRequestExample(new
            {
                lines = new[] { new { skuId = Guid.Parse("0193a6a0-0000-7000-8000-000000000001"), quantity = 2 } },
                shippingAddress = new { name = "小红", phone = "13800000001", region = "浙江省杭州市西湖区", line1 = "文三路 90 号 8 幢 301" },
                referralCode = "K7P2QX",
            });
        orders.MapOrderEndpoints().MapCancellationEndpoints();
        order.MapShopperRefundEndpoints();
        order.MapGroupBuyEndpoints();
        order.MapFlashSaleEndpoints();
        order.MapGroup("/admin/refund-requests").RequireAuthorization(Policies.Admin).MapAdminRefundEndpoints();
        order.MapCarrierWebhookEndpoints();
        order.MapPersonalDataExport(PersonalData.Parts);

        var seller = app.MapGroup("/api/seller").RequireAuthorization(Policies.Merchant)
            .WithTag("Seller", "A merchant's orders to ship and the refund requests on them.");
        seller.MapGroup("/orders").MapSellerOrderEndpoints();
        seller.MapGroup("/refund-requests").MapSellerRefundEndpoints();
        return app;
    }
}
