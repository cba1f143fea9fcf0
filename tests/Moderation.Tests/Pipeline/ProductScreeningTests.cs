using System.Text.Json;
using SocialCommerce.Contracts.Events.Catalog;

namespace SocialCommerce.Moderation.Tests.Pipeline;

/// <summary>ProductSubmittedForReview through the bus: pass, block and review, each with its event and case.</summary>
public sealed class ProductScreeningTests : ModerationFixture
{
    [Test]
    public async Task ProductSubmitted_CleanCopy_PublishesApprovedAndOpensNoCase()
    {
        var product = ContentEvents.Product("夏季新款纯棉短袖T恤 男女同款 宽松圆领");

        await App.Publish(product);

        Assert.That(await App.ScreenedAsync("product", product.ProductId), Is.EqualTo("pass"));
        var approved = await App.EventsAsync("ContentApproved", product.ProductId);
        Assert.Multiple(async () =>
        {
            Assert.That(approved, Has.Count.EqualTo(1));
            Assert.That(JsonDocument.Parse(approved[0]).RootElement.GetProperty("revision").GetInt32(), Is.EqualTo(1));
            Assert.That(await App.ScalarAsync<long>("SELECT count(*) FROM cases WHERE content_id = @id", new { id = product.ProductId }), Is.Zero);
        });
    }

    [Test]
    public async Task ProductSubmitted_AdvertisingLawTerms_RejectsWithTermsAndPositionsInAnAppealableCase()
    {
        var product = ContentEvents.Product("国家级大师手工茶 全网最低价");

        await App.Publish(product);

        Assert.That(await App.ScreenedAsync("product", product.ProductId), Is.EqualTo("block"));
        var rejected = JsonDocument.Parse((await App.EventsAsync("ContentRejected", product.ProductId)).Single()).RootElement;
        var reasons = rejected.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(reasons, Does.Contain("title: \"国家级\" (advertising-law) at 0, length 3"));
            Assert.That(reasons, Does.Contain("title: \"全网最低价\" (advertising-law) at 9, length 5"));
            Assert.That(rejected.GetProperty("caseId").GetGuid(), Is.EqualTo(await App.ScalarAsync<Guid>(
                "SELECT id FROM cases WHERE content_id = @id AND status = 'rejected' AND decided_by IS NULL", new { id = product.ProductId })));
            Assert.That(await App.EventsAsync("ContentApproved", product.ProductId), Is.Empty);
        });
    }

    [Test]
    public async Task ProductSubmitted_ContactDetailsInDescription_HoldsForReviewInPendingCase()
    {
        var product = ContentEvents.Product("手工红茶 250克", description: "想要更便宜的请加微 信 tea_lover88 私聊");

        await App.Publish(product);

        Assert.That(await App.ScreenedAsync("product", product.ProductId), Is.EqualTo("review"));
        var held = JsonDocument.Parse((await App.EventsAsync("ContentHeldForReview", product.ProductId)).Single()).RootElement;
        Assert.Multiple(async () =>
        {
            Assert.That(held.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()),
                Has.Some.StartsWith("description: ").And.Some.Contains("(contact)"));
            Assert.That(await App.ScalarAsync<string>("SELECT status FROM cases WHERE id = @id", new { id = held.GetProperty("caseId").GetGuid() }),
                Is.EqualTo("pending"));
            Assert.That(await App.EventsAsync("ContentApproved", product.ProductId), Is.Empty);
        });
    }

    [Test]
    public async Task ProductSubmitted_SameMessageDeliveredTwice_ScreenedAndPublishedOnce()
    {
        var product = ContentEvents.Product("国家级工艺 紫砂壶");
        var messageId = Guid.NewGuid();
        using var duplicates = new CounterWatch("socialcommerce.inbox.duplicates", "consumer", "ProductSubmittedForReviewConsumer");

        await App.Publish(product, messageId);
        await App.Publish(product, messageId);
        await App.ScreenedAsync("product", product.ProductId);
        await duplicates.WaitForSumAsync(1); // the second delivery was seen and skipped

        Assert.Multiple(async () =>
        {
            Assert.That(await App.EventsAsync("ContentRejected", product.ProductId), Has.Count.EqualTo(1));
            Assert.That(await App.ScalarAsync<long>("SELECT count(*) FROM cases WHERE content_id = @id", new { id = product.ProductId }), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ProductSubmitted_SameRevisionUnderManyMessageIdsAtOnce_OneDecision()
    {
        var product = ContentEvents.Product("纯手工 加微信 下单更优惠");

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => App.Publish(product)));
        await Eventually.WaitForAsync(
            () => App.ScalarAsync<long>("SELECT count(*) FROM inbox_messages WHERE consumer = 'ProductSubmittedForReviewConsumer'"),
            n => n >= 20, TimeSpan.FromSeconds(30));

        Assert.Multiple(async () =>
        {
            Assert.That(await App.EventsAsync("ContentHeldForReview", product.ProductId), Has.Count.EqualTo(1));
            Assert.That(await App.ScalarAsync<long>("SELECT count(*) FROM cases WHERE content_id = @id", new { id = product.ProductId }), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ProductSubmitted_NewRevisionAfterRejection_IsScreenedAgain()
    {
        var rejected = ContentEvents.Product("顶级大红袍 销量第一");
        var fixedCopy = rejected with { Revision = 2, Title = "武夷山大红袍 2024年春茶" };

        await App.Publish(rejected);
        await App.ScreenedAsync("product", rejected.ProductId);
        await App.Publish(fixedCopy);

        Assert.Multiple(async () =>
        {
            Assert.That(await App.ScreenedAsync("product", rejected.ProductId, 1), Is.EqualTo("block"));
            Assert.That(await App.ScreenedAsync("product", rejected.ProductId, 2), Is.EqualTo("pass"));
        });
    }
}
