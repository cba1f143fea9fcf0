using MassTransit;
using Microsoft.Extensions.Options;
using SocialCommerce.Moderation.Cases;
using SocialCommerce.Moderation.Lexicons;
using SocialCommerce.Moderation.Pipeline;
using SocialCommerce.ServiceDefaults.Hosting;
using SocialCommerce.ServiceDefaults.Postgres;
using SocialCommerce.ServiceDefaults.Telemetry;

namespace SocialCommerce.Moderation;

/// <summary>Screening, the review queue, appeals and the admin API for lexicons and rules, under /api/moderation.</summary>
public static class ModerationFeature
{
    public static IHostApplicationBuilder AddModerationFeature(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ModerationOptions>().Bind(builder.Configuration.GetSection("Moderation"));
        builder.Services.AddInstrumentsAtStart<ModerationMetrics>();
        builder.Services.AddSingleton<ScreeningConfigStore>();
        builder.Services.AddSingleton<CurrentScreening>();
        builder.Services.AddHostedService<ScreeningConfigReloader>();
        builder.Services.AddSingleton<DuplicateReviews>();
        builder.Services.AddSingleton<ContentScreening>();
        builder.Services.AddSingleton<CaseStore>();
        builder.Services.AddSingleton<QueueHousekeeping>();
        builder.AddPeriodicSweep("moderation-queue-housekeeping",
            services => TimeSpan.FromSeconds(services.GetRequiredService<IOptions<ModerationOptions>>().Value.QueueMetricsSeconds), batchSize: 0,
            (services, cancellationToken) => services.GetRequiredService<QueueHousekeeping>().RunOnceAsync(cancellationToken));
        return builder;
    }

    public static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ProductSubmittedForReviewConsumer>();
        bus.AddConsumer<PostCreatedConsumer>();
        bus.AddConsumer<CommentCreatedConsumer>();
        bus.AddConsumer<ReviewCreatedConsumer>();
        bus.AddConsumer<ReviewFollowUpCreatedConsumer>();
        bus.AddConsumer<GroupCreatedConsumer>();
        bus.AddConsumer<UserErasedConsumer>();
    }

    public static WebApplication MapModerationApi(this WebApplication app)
    {
        app.MapGroup("/api/moderation")
            .MapScreeningEndpoints()
            .MapCaseEndpoints()
            .MapLexiconEndpoints()
            // Cases about the user's content and their appeals, without the moderators' ids (as the case API shows them).
            .MapPersonalDataExport(
                new PersonalDataPart("cases", """
                    SELECT id, content_type, content_id, revision, fields, screening_outcome, status, decided_at, decision_reason,
                           appeal_statement, appealed_at, created_at
                    FROM cases WHERE owner_id = @userId ORDER BY created_at
                    """),
                new PersonalDataPart("reviewTexts", "SELECT review_id, revision, text, created_at FROM review_fingerprints WHERE author_id = @userId"));
        return app;
    }
}
