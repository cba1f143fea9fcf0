using SocialCommerce.Moderation.Tests.Cases;

namespace SocialCommerce.Moderation.Tests.Pipeline;

/// <summary>The moderation dashboard's series on /metrics: screening latency and outcomes, hits, queue, decisions.</summary>
public sealed class MetricsTests : ModerationFixture
{
    [Test]
    public async Task Metrics_AfterScreeningAndADecision_ExposeModerationSeries()
    {
        var (caseId, _, _) = await App.HeldProductAsync();
        using var moderator = App.NewModerator();
        await moderator.ClaimAsync(caseId);
        await moderator.DecideAsync(caseId, "approve");
        using var client = App.CreateClient();

        var metrics = await client.GetStringAsync("/metrics");

        Assert.Multiple(() =>
        {
            Assert.That(metrics, Does.Match(@"socialcommerce_moderation_screenings_total\{[^}]*kind=""product""[^}]*outcome=""review""").Or
                .Match(@"socialcommerce_moderation_screenings_total\{[^}]*outcome=""review""[^}]*kind=""product"""));
            Assert.That(metrics, Does.Contain("socialcommerce_moderation_screening_duration_seconds_bucket"));
            Assert.That(metrics, Does.Match(@"socialcommerce_moderation_hits_total\{[^}]*category=""contact"""));
            Assert.That(metrics, Does.Contain("socialcommerce_moderation_queue_depth"));
            Assert.That(metrics, Does.Contain("socialcommerce_moderation_queue_oldest_age_seconds"));
            Assert.That(metrics, Does.Match(@"socialcommerce_moderation_decision_duration_seconds_count\{[^}]*outcome=""approve"""));
        });
    }
}
