using SocialCommerce.Contracts.Events.Catalog;
using SocialCommerce.Contracts.Events.Social;

namespace SocialCommerce.Moderation.Tests.Pipeline;

/// <summary>The events moderation screens, as catalog and social would publish them.</summary>
public static class ContentEvents
{
    public static ProductSubmittedForReview Product(string title, string description = "舒适透气，多色可选", Guid? productId = null, int revision = 1) =>
        new(productId ?? Guid.CreateVersion7(), revision, Guid.CreateVersion7(), Guid.CreateVersion7(), title, description, ["夏季", "纯棉"], [],
            DateTimeOffset.UtcNow);

    public static ReviewCreated Review(string text, Guid? authorId = null) =>
        new(Guid.CreateVersion7(), 1, Guid.CreateVersion7(), authorId ?? Guid.CreateVersion7(), 5, text, DateTimeOffset.UtcNow);

    public static PostCreated Post(string text) => new(Guid.CreateVersion7(), 1, Guid.CreateVersion7(), text, [], [], DateTimeOffset.UtcNow);

    /// <summary>The outcome stored for a content version once it has been screened.</summary>
    public static Task<string> ScreenedAsync(this ModerationApp app, string kind, Guid contentId, int revision = 1) =>
        Eventually.WaitForAsync(
            () => app.ScalarAsync<string?>(
                "SELECT coalesce(max(outcome), '') FROM screenings WHERE content_type = @kind AND content_id = @contentId AND revision = @revision",
                new { kind, contentId, revision }),
            outcome => outcome != "", TimeSpan.FromSeconds(30))!;
}
