using MassTransit;
using Microsoft.Extensions.Options;
using SocialCommerce.Recommendation.Evaluation;
using SocialCommerce.Recommendation.Ingest;
using SocialCommerce.Recommendation.Models;
using SocialCommerce.Recommendation.Privacy;
using SocialCommerce.Recommendation.Serving;
using SocialCommerce.ServiceDefaults.Health;
using SocialCommerce.ServiceDefaults.Hosting;
using SocialCommerce.ServiceDefaults.Postgres;

namespace SocialCommerce.Recommendation;

/// <summary>For-you, similar items and trending under /api/recommendation, learnt from other services' events (docs/recommendation.md).</summary>
public static class RecommendationFeature
{
    public static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ProductListedConsumer>();
        bus.AddConsumer<ProductDelistedConsumer>();
        bus.AddConsumer<PriceChangedConsumer>();
        bus.AddConsumer<OrderPaidConsumer>(OrderPaidConsumer.Configure);
        bus.AddConsumer<RefundCompletedConsumer>();
        bus.AddConsumer<LikedConsumer>();
        bus.AddConsumer<UnlikedConsumer>();
        bus.AddConsumer<FavouritedConsumer>();
        bus.AddConsumer<UnfavouritedConsumer>();
        bus.AddConsumer<FollowedConsumer>();
        bus.AddConsumer<UnfollowedConsumer>();
        bus.AddConsumer<ConsentsChangedConsumer>();
        bus.AddConsumer<UserErasedConsumer>();
    }

    public static IHostApplicationBuilder AddRecommendationFeature(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RecommendationOptions>().Bind(builder.Configuration.GetSection("Recommendation")).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<RecommendationMetrics>();
        builder.Services.AddSingleton<ModelJob>();
        builder.Services.AddSingleton<NightlyCandidates>();
        builder.Services.AddSingleton<TrendingLists>();
        builder.Services.AddSingleton<ProductCards>();
        builder.Services.AddSingleton<PersonalCandidates>();
        builder.Services.AddHealthChecks().AddCheck<PersonalCandidatesLoadedCheck>("personal-candidates", tags: [HealthExtensions.ReadyTag]);
        builder.Services.AddSingleton<ForYou>();
        builder.AddPeriodicSweep("recommendation-models",
            services => TimeSpan.FromSeconds(services.GetRequiredService<IOptions<RecommendationOptions>>().Value.ModelIntervalSeconds), batchSize: 0,
            (services, cancellationToken) => services.GetRequiredService<ModelJob>().RunOnceAsync(
                services.GetRequiredService<TimeProvider>().GetUtcNow(), cancellationToken));
        // Every replica keeps its own copy current (no lock: each reads, none writes).
        builder.AddPeriodicSweep("recommendation-personal",
            services => TimeSpan.FromMilliseconds(Math.Max(100, services.GetRequiredService<IOptions<RecommendationOptions>>().Value.PersonalRefreshMilliseconds)),
            batchSize: 0, async (services, cancellationToken) =>
            {
                if (services.GetRequiredService<IOptions<RecommendationOptions>>().Value.PersonalRefreshMilliseconds == 0) return 0;
                await services.GetRequiredService<PersonalCandidates>().RefreshAsync(cancellationToken);
                return 0;
            });
        return builder;
    }

    public static WebApplication MapRecommendationApi(this WebApplication app)
    {
        app.MapGroup("/api/recommendation")
            .MapRecommendationEndpoints()
            .MapViewEndpoints()
            .MapEvaluationEndpoints()
            // Everything kept about the user: their signals, whom they follow, the consents seen.
            .MapPersonalDataExport(
                new PersonalDataPart("signals", "SELECT product_id, kind, weight, at FROM interactions WHERE user_id = @userId ORDER BY at"),
                new PersonalDataPart("following", "SELECT target_id, followed_at FROM follows WHERE follower_id = @userId ORDER BY followed_at"),
                new PersonalDataPart("consents", "SELECT social_proof, personalised_recommendations, changed_at FROM consents WHERE user_id = @userId"));
        return app;
    }
}
