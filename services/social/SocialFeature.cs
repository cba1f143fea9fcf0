using MassTransit;
using Microsoft.Extensions.Options;
using SocialCommerce.Contracts.Catalog.V1;
using SocialCommerce.Contracts.Identity.V1;
using SocialCommerce.Contracts.Order.V1;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Hosting;
using SocialCommerce.ServiceDefaults.Postgres;
using SocialCommerce.Social.CheckIns;
using SocialCommerce.Social.Directory;
using SocialCommerce.Social.Engagement;
using SocialCommerce.Social.Feed;
using SocialCommerce.Social.FriendsBought;
using SocialCommerce.Social.Graph;
using SocialCommerce.Social.Groups;
using SocialCommerce.Social.Inbound;
using SocialCommerce.Social.Posts;
using SocialCommerce.Social.Privacy;
using SocialCommerce.Social.Reviews;
using SocialCommerce.ServiceDefaults.Telemetry;

namespace SocialCommerce.Social;

/// <summary>Follows, posts, likes, favourites, comments and the following feed, under /api/social (docs/social.md).</summary>
public static class SocialFeature
{
    public static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ContentApprovedConsumer>();
        bus.AddConsumer<ContentRejectedConsumer>();
        bus.AddConsumer<ContentHeldForReviewConsumer>();
        bus.AddConsumer<ProductListedConsumer>();
        bus.AddConsumer<ProductDelistedConsumer>();
        bus.AddConsumer<PriceChangedConsumer>();
        bus.AddConsumer<UserErasedConsumer>();
        bus.AddConsumer<OrderPaidConsumer>(OrderPaidConsumer.Configure);
        bus.AddConsumer<ConsentsChangedConsumer>();
        bus.AddConsumer<RefundCompletedConsumer>();
    }

    public static IHostApplicationBuilder AddSocialFeature(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SocialOptions>().Bind(builder.Configuration.GetSection("Social")).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddInstrumentsAtStart<SocialMetrics>();
        builder.AddServiceGrpcClient<UserDirectory.UserDirectoryClient>("identity");
        builder.AddServiceGrpcClient<ProductDirectory.ProductDirectoryClient>("catalog");
        builder.AddServiceGrpcClient<Purchases.PurchasesClient>("order");
        builder.Services.AddSingleton<UserCards>();
        builder.Services.AddSingleton<ShopCards>();
        builder.Services.AddSingleton<ProductCards>();
        builder.Services.AddSingleton<PostViews>();
        builder.Services.AddSingleton<PostStore>();
        builder.Services.AddSingleton<FollowStore>();
        builder.Services.AddSingleton<Reactions>();
        builder.Services.AddSingleton<CommentStore>();
        builder.Services.AddSingleton<FeedTrim>();
        builder.Services.AddSingleton<CheckInStore>();
        builder.Services.AddSingleton<GroupStore>();
        builder.Services.AddSingleton<GroupViews>();
        builder.Services.AddSingleton<ReviewStore>();
        builder.AddPeriodicSweep("feed-trim",
            services => TimeSpan.FromSeconds(services.GetRequiredService<IOptions<SocialOptions>>().Value.TrimIntervalSeconds), batchSize: 0,
            (services, cancellationToken) => services.GetRequiredService<FeedTrim>().RunOnceAsync(cancellationToken));
        return builder;
    }

    public static WebApplication MapSocialApi(this WebApplication app)
    {
        app.MapGroup("/api/social")
            .MapFollowEndpoints()
            .MapProfileEndpoints()
            .MapPostEndpoints()
            .MapFeedEndpoints()
            .MapReactionEndpoints()
            .MapCommentEndpoints()
            .MapCheckInEndpoints()
            .MapFriendsBoughtEndpoints()
            .MapGroupEndpoints()
            .MapGroupPostEndpoints()
            .MapReviewEndpoints()
            // What the user wrote and did; who follows them is other people's doing and stays out.
            .MapPersonalDataExport(
                new PersonalDataPart("posts", """
                    SELECT p.id, p.created_at, p.published_at, p.deleted_at, p.group_id, p.removed_from_group_at,
                           r.revision, r.text, r.image_urls, r.product_ids, r.status, r.reasons, r.case_id, r.created_at AS revised_at
                    FROM posts p JOIN post_revisions r ON r.post_id = p.id WHERE p.author_id = @userId ORDER BY p.created_at, r.revision
                    """),
                new PersonalDataPart("comments", "SELECT id, post_id, reply_to, text, status, reasons, case_id, created_at FROM comments WHERE author_id = @userId ORDER BY created_at"),
                new PersonalDataPart("likes", "SELECT post_id, liked_at FROM post_likes WHERE user_id = @userId ORDER BY liked_at"),
                new PersonalDataPart("favourites", "SELECT target_kind, target_id, favourited_at FROM favourites WHERE user_id = @userId ORDER BY favourited_at"),
                new PersonalDataPart("following", "SELECT target_kind, target_id, followed_at FROM follows WHERE follower_id = @userId ORDER BY followed_at"),
                new PersonalDataPart("reviews", """
                    SELECT id, product_id, order_id, rating, text, image_urls, status, reasons, case_id, refunded, created_at, published_at
                    FROM reviews WHERE author_id = @userId ORDER BY created_at
                    """),
                new PersonalDataPart("reviewFollowUps", """
                    SELECT f.id, f.review_id, f.text, f.image_urls, f.status, f.reasons, f.case_id, f.created_at
                    FROM review_follow_ups f JOIN reviews r ON r.id = f.review_id WHERE r.author_id = @userId ORDER BY f.created_at
                    """),
                new PersonalDataPart("groupsOwned", """
                    SELECT id, name, description, status, reasons, case_id, members, created_at, published_at
                    FROM groups WHERE owner_id = @userId ORDER BY created_at
                    """),
                new PersonalDataPart("groupMemberships", "SELECT group_id, joined_at FROM group_members WHERE user_id = @userId ORDER BY joined_at"),
                new PersonalDataPart("checkIns", "SELECT day, streak, checked_at FROM check_ins WHERE user_id = @userId ORDER BY day"),
                // The copies kept for "friends bought": which products the user paid for, and the consent seen.
                new PersonalDataPart("purchasesShownToFollowers", "SELECT product_id, paid_at FROM purchases WHERE user_id = @userId ORDER BY paid_at"),
                new PersonalDataPart("socialProofConsent", "SELECT consented, changed_at FROM social_proof_consents WHERE user_id = @userId"));
        return app;
    }
}
