using SocialCommerce.Contracts.Events.Identity;
using SocialCommerce.Moderation.Tests.Cases;

namespace SocialCommerce.Moderation.Tests.Pipeline;

/// <summary>PIPL erasure reaches moderation: texts go, the record of decisions stays.</summary>
public sealed class UserErasedTests : ModerationFixture
{
    [Test]
    public async Task UserErased_OwnerOfCasesAndReviews_TextsGoneDecisionsKept()
    {
        var (caseId, ownerId, _) = await App.HeldProductAsync();
        var review = ContentEvents.Review("这款保温杯真的很好用，早上装的热水到晚上还是烫的，推荐给大家", ownerId);
        await App.Publish(review);
        await App.ScreenedAsync("review", review.ReviewId);
        var otherCase = await App.HeldProductAsync();

        await App.Publish(new UserErased(ownerId, DateTimeOffset.UtcNow));

        await Eventually.WaitForAsync(
            () => App.ScalarAsync<long>("SELECT count(*) FROM inbox_messages WHERE consumer = 'UserErasedConsumer'"), n => n == 1);
        Assert.Multiple(async () =>
        {
            Assert.That(await App.ScalarAsync<long>("SELECT count(*) FROM review_fingerprints WHERE author_id = @ownerId", new { ownerId }), Is.Zero);
            Assert.That(await App.ScalarAsync<string>(
                "SELECT string_agg(field->>'text', '') FROM cases, jsonb_array_elements(fields) AS field WHERE id = @caseId", new { caseId }), Is.Empty);
            Assert.That(await App.ScalarAsync<long>(
                "SELECT jsonb_array_length(field->'hits') FROM cases, jsonb_array_elements(fields) AS field WHERE id = @caseId AND field->>'name' = 'title'",
                new { caseId }), Is.GreaterThan(0), "the terms found are part of the decision record");
            Assert.That(await App.ScalarAsync<string>(
                "SELECT string_agg(field->>'text', '') FROM cases, jsonb_array_elements(fields) AS field WHERE id = @id", new { id = otherCase.CaseId }),
                Is.Not.Empty, "other owners' cases are untouched");
        });
    }
}
