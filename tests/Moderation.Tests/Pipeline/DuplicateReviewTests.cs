using System.Text.Json;

namespace SocialCommerce.Moderation.Tests.Pipeline;

/// <summary>Templated five-star reviews from several accounts go to a moderator, the earlier ones included.</summary>
public sealed class DuplicateReviewTests : ModerationFixture
{
    private const string Template = "宝贝收到了，质量非常好，做工精细，和描述的一模一样，物流也很快，客服态度超级好，五星好评推荐购买！";

    [Test]
    public async Task ReviewCreated_SameTemplateFromThreeAccounts_WholeClusterHeldForReview()
    {
        var product = $"（订单{Random.Shared.Next(1000, 9999)}）";
        var first = ContentEvents.Review(Template + product);
        var second = ContentEvents.Review(Template.Replace("超级好", "特别好") + product);
        var third = ContentEvents.Review(Template.Replace("五星好评", "五星好评！") + product);

        await App.Publish(first);
        var firstBefore = await App.ScreenedAsync("review", first.ReviewId);
        await App.Publish(second);
        var secondBefore = await App.ScreenedAsync("review", second.ReviewId);
        await App.Publish(third);

        Assert.Multiple(async () =>
        {
            Assert.That(firstBefore, Is.EqualTo("pass"));
            Assert.That(secondBefore, Is.EqualTo("pass"), "two accounts are not yet a cluster");
            Assert.That(await App.ScreenedAsync("review", third.ReviewId), Is.EqualTo("review"));
            Assert.That(await App.ScreenedAsync("review", first.ReviewId), Is.EqualTo("review"));
            Assert.That(await App.ScreenedAsync("review", second.ReviewId), Is.EqualTo("review"));
            var held = JsonDocument.Parse((await App.EventsAsync("ContentHeldForReview", first.ReviewId)).Single()).RootElement;
            Assert.That(held.GetProperty("reasons")[0].GetString(), Does.Contain("(duplicate)"));
        });
    }

    [Test]
    public async Task ReviewCreated_OneAccountRepeatingItself_IsNotACluster()
    {
        // Its own template: the fixture's database also holds the other tests' reviews.
        const string ownTemplate = "保温杯收到了，保温效果真的好，早上装的热水晚上还烫嘴，杯盖很严实不漏水，颜色也好看，已经回购第";
        var author = Guid.CreateVersion7();
        var reviews = Enumerable.Range(0, 3).Select(i => ContentEvents.Review(ownTemplate + $"{i + 2}次了", author)).ToList();

        foreach (var review in reviews)
        {
            await App.Publish(review);
            await App.ScreenedAsync("review", review.ReviewId);
        }

        Assert.That(await App.ScalarAsync<long>(
            "SELECT count(*) FROM screenings WHERE content_id = ANY(@ids) AND outcome = 'pass'",
            new { ids = reviews.Select(r => r.ReviewId).ToArray() }), Is.EqualTo(3));
    }

    [Test]
    public async Task ReviewCreated_DifferentReviewsOfSimilarLength_AllPass()
    {
        string[] texts =
        [
            "茶叶香气很足，第二泡开始回甘明显，包装有点简陋但不影响，整体性价比不错，会回购。",
            "尺码偏大一号，面料摸起来挺舒服的，洗了一次没有掉色，夏天穿应该很凉快，推荐。",
            "耳机降噪效果一般，地铁上还是能听到报站，音质对得起价格，续航比宣传的短一点。",
        ];
        var reviews = texts.Select(text => ContentEvents.Review(text)).ToList();

        foreach (var review in reviews) await App.Publish(review);

        foreach (var review in reviews) Assert.That(await App.ScreenedAsync("review", review.ReviewId), Is.EqualTo("pass"));
    }
}
