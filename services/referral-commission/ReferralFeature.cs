using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.ReferralCommission.Bindings;
using SocialCommerce.ReferralCommission.Codes;
using SocialCommerce.ReferralCommission.Fraud;
using SocialCommerce.ReferralCommission.Ledger;
using SocialCommerce.ReferralCommission.Rules;
using SocialCommerce.ReferralCommission.Withdrawals;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Hosting;
using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.ServiceDefaults.Postgres;
using PayoutsClient = SocialCommerce.Contracts.Payment.V1.Payouts.PayoutsClient;
using SocialCommerce.ServiceDefaults.Telemetry;

namespace SocialCommerce.ReferralCommission;

/// <summary>
/// Invite codes and share links, bindings and their fraud flags, the commission rules, the commission ledger and withdrawals,
/// and the admin views over them.
/// </summary>
public static class ReferralFeature
{
    public static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<UserRegisteredConsumer>();
        bus.AddConsumer<PhoneVerifiedConsumer>();
        bus.AddConsumer<UserErasedConsumer>();
        bus.AddConsumer<OrderPaidConsumer>(OrderPaidConsumer.Configure);
        bus.AddConsumer<OrderCompletedConsumer>();
        bus.AddConsumer<RefundCompletedConsumer>();
    }

    public static IHostApplicationBuilder AddReferralFeature(this IHostApplicationBuilder builder)
    {
        builder.Services.AddInstrumentsAtStart<ReferralMetrics>();
        builder.Services.AddOptions<ReferralOptions>().Bind(builder.Configuration.GetSection("Referral")).ValidateDataAnnotations().ValidateOnStart();
        builder.AddRetention(SignalRetention(builder.Configuration.GetValue("Referral:FraudWindow", new ReferralOptions().FraudWindow)));
        builder.AddPeriodicSweep("commission-settlement",
            services => services.GetRequiredService<IOptions<ReferralOptions>>().Value.SettleInterval, CommissionLedger.SettleBatchSize,
            (services, cancellationToken) => CommissionLedger.SettleDueAsync(
                services.GetRequiredService<NpgsqlDataSource>(), services.GetRequiredService<TimeProvider>().GetUtcNow(),
                services.GetRequiredService<ReferralMetrics>(), cancellationToken));
        builder.AddServiceGrpcClient<PayoutsClient>("payment-adapter");
        builder.Services.AddScoped<WithdrawalPayouts>();
        builder.Services.AddScoped<OwedCallHandler, WithdrawalPayouts.PayoutCall>();
        builder.AddOwedCalls(services => services.GetRequiredService<IOptions<ReferralOptions>>().Value.PayoutRetryInterval);
        return builder;
    }

    public static WebApplication MapReferralApi(this WebApplication app)
    {
        app.MapGroup("/api/referral").RequireAuthorization(Policies.User).WithTags("Referral")
            .MapCodeEndpoints()
            .MapBindingEndpoints()
            .MapLedgerEndpoints()
            .MapWithdrawalEndpoints()
            .MapRuleEndpoints()
            .MapReferralEndpoints()
            // Only rows about the user: who they brought in, and whose purchases earned, are other people; fraud flags stay with
            // the investigation.
            .MapPersonalDataExport(
                new PersonalDataPart("profile", "SELECT * FROM referral_users WHERE user_id = @userId"),
                new PersonalDataPart("inviteCodes", "SELECT * FROM invite_codes WHERE user_id = @userId"),
                new PersonalDataPart("binding", "SELECT * FROM bindings WHERE user_id = @userId"),
                new PersonalDataPart("commissionEntries", """
                    SELECT id, kind, order_id, tier, base_amount, rate_bp, amount, currency, status, rule_version, attribution, reverses,
                           refund_id, available_at, created_at
                    FROM commission_entries WHERE beneficiary_id = @userId ORDER BY created_at
                    """),
                new PersonalDataPart("withdrawals", "SELECT * FROM withdrawals WHERE user_id = @userId ORDER BY requested_at"));
        app.MapGroup("/api/referral/admin").RequireAuthorization(Policies.Admin).WithTags("Referral administration")
            .MapFlagEndpoints()
            .MapAdminLedgerEndpoints();
        app.MapShareLinks();
        return app;
    }

    /// <summary>
    /// The phone prefix and device only serve the fraud checks, which look back one window: they are kept a week past it
    /// (for an admin looking into a flag, which keeps its own signal), then cleared; the bindings and users stay.
    /// </summary>
    public static RetentionRule[] SignalRetention(TimeSpan fraudWindow) =>
    [
        new("bindings", "bound_at", fraudWindow + TimeSpan.FromDays(7), Clear: ["device_id", "phone_prefix"]),
        new("referral_users", "registered_at", fraudWindow + TimeSpan.FromDays(7), Clear: ["device_id", "phone_prefix"]),
    ];
}
