using MassTransit;
using SocialCommerce.Moderation.Cases;
using SocialCommerce.Moderation.Lexicons;
using SocialCommerce.Moderation.Pipeline;

namespace SocialCommerce.Moderation;

/// <summary>Screening, the review queue, appeals and the admin API for lexicons and rules, under /api/moderation.</summary>
public static class ModerationFeature
{
    public static IHostApplicationBuilder AddModerationFeature(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ModerationOptions>().Bind(builder.Configuration.GetSection("Moderation"));
        builder.Services.AddSingleton<ScreeningConfigStore>();
        builder.Services.AddSingleton<CurrentScreening>();
        builder.Services.AddHostedService<ScreeningConfigReloader>();
        builder.Services.AddSingleton<DuplicateReviews>();
        builder.Services.AddSingleton<ContentScreening>();
        builder.Services.AddSingleton<CaseStore>();
        builder.Services.AddHostedService<QueueHousekeeping>();
        return builder;
    }

    public static IBusRegistrationConfigurator AddContentConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ProductSubmittedForReviewConsumer>();
        bus.AddConsumer<PostCreatedConsumer>();
        bus.AddConsumer<CommentCreatedConsumer>();
        bus.AddConsumer<ReviewCreatedConsumer>();
        bus.AddConsumer<UserErasedConsumer>();
        return bus;
    }

    public static WebApplication MapModerationApi(this WebApplication app)
    {
        app.MapGroup("/api/moderation")
            .MapScreeningEndpoints()
            .MapCaseEndpoints()
            .MapLexiconEndpoints();
        return app;
    }
}
