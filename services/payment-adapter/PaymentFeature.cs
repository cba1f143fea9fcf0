using Microsoft.Extensions.Options;
using SocialCommerce.PaymentAdapter.Payments;
using SocialCommerce.PaymentAdapter.Payouts;
using SocialCommerce.PaymentAdapter.Providers;
using SocialCommerce.PaymentAdapter.Reconciliation;
using SocialCommerce.PaymentAdapter.Webhooks;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Hosting;
using SocialCommerce.ServiceDefaults.Postgres;
using SocialCommerce.ServiceDefaults.Telemetry;

namespace SocialCommerce.PaymentAdapter;

/// <summary>Payments over gRPC for order, payouts for referral-commission, the payer's read API, provider webhooks and reconciliation.</summary>
public static class PaymentFeature
{
    public static IHostApplicationBuilder AddPaymentFeature(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PaymentOptions>().Bind(builder.Configuration.GetSection("Payment")).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SandboxOptions>().Bind(builder.Configuration.GetSection("Payment:Sandbox")).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHttpClient<IPaymentProvider, SandboxProvider>((services, http) =>
            http.BaseAddress = new Uri(services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SandboxOptions>>().Value.BaseUrl.TrimEnd('/') + "/"));
        builder.Services.AddSingleton<PaymentStore>();
        builder.Services.AddSingleton<PayoutStore>();
        builder.Services.AddInstrumentsAtStart<PaymentMetrics>();
        builder.Services.AddSingleton<ReconciliationJob>();
        builder.AddPeriodicSweep("payment-reconciliation",
            services => TimeSpan.FromSeconds(services.GetRequiredService<IOptions<PaymentOptions>>().Value.ReconcileIntervalSeconds), batchSize: 0,
            (services, cancellationToken) => services.GetRequiredService<ReconciliationJob>().RunOnceAsync(cancellationToken));
        // Replay protection needs an event id only while its signature's timestamp is inside the window (minutes).
        builder.AddRetention(new RetentionRule("webhook_events", "received_at", TimeSpan.FromDays(7)));
        builder.Services.AddGrpc();
        return builder;
    }

    public static WebApplication MapPaymentApi(this WebApplication app)
    {
        app.MapGroup("/api/payment")
            .MapPaymentEndpoints()
            .MapWebhookEndpoints()
            .MapPersonalDataExport(
                new PersonalDataPart("payments", "SELECT * FROM payments WHERE user_id = @userId ORDER BY created_at"),
                new PersonalDataPart("refunds", "SELECT r.* FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE p.user_id = @userId"),
                new PersonalDataPart("payouts", "SELECT * FROM payouts WHERE user_id = @userId ORDER BY created_at"));
        // Money moves only for the service that owns the reason: order opens payments and refunds, referral pays out withdrawals.
        app.MapGrpcService<PaymentsService>().RequireServiceCallers("order");
        app.MapGrpcService<PayoutsService>().RequireServiceCallers("referral-commission");
        return app;
    }
}
