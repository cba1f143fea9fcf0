using SocialCommerce.Contracts.Order.V1;
using SocialCommerce.Social.Reviews;

namespace SocialCommerce.Social.Tests;

/// <summary>
/// Reviews on the store: one per purchase under concurrency, the 追评 rules, the summary kept exact through every
/// decision, and the refunded mark whichever of the review and the refund comes first. Order's gRPC answer is given.
/// </summary>
[TestFixture]
public sealed class ReviewTests
{
    private static readonly Purchase Delivered = new() { Found = true, OrderStatus = "delivered", Delivered = true, Quantity = 2 };
    private SocialDatabase db = null!;

    [OneTimeSetUp]
    public void CreateDatabase() => db = SocialDatabase.Create();

    private ReviewStore At(DateTimeOffset now) => new(db.DataSource, new FixedTime(now));

    private static ReviewDraft Draft(Guid orderId, int rating = 5, string text = "很好喝") => new(orderId, rating, text, []);

    [Test]
    public async Task CreateAsync_FiftyConcurrentOfOnePurchase_OneReviewOneEvent()
    {
        var (orderId, productId, authorId) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var store = At(DateTimeOffset.UtcNow);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => store.CreateAsync(authorId, productId, Draft(orderId), Delivered)));

        Assert.Multiple(async () =>
        {
            Assert.That(outcomes.Count(o => o.Outcome == ReviewOutcome.Done), Is.EqualTo(1));
            Assert.That(outcomes.Count(o => o.Outcome == ReviewOutcome.AlreadyReviewed), Is.EqualTo(49));
            Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM reviews WHERE order_id = @orderId", new { orderId }), Is.EqualTo(1));
            Assert.That(await db.OutboxCountAsync("ReviewCreated", productId), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task CreateAsync_NotFoundOrNotDelivered_RefusedAndNothingWritten()
    {
        var (orderId, productId) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var store = At(DateTimeOffset.UtcNow);

        var stranger = await store.CreateAsync(Guid.CreateVersion7(), productId, Draft(orderId), new Purchase { Found = false });
        var shipped = await store.CreateAsync(Guid.CreateVersion7(), productId, Draft(orderId),
            new Purchase { Found = true, OrderStatus = "shipped", Delivered = false, Quantity = 1 });

        Assert.Multiple(async () =>
        {
            Assert.That(stranger.Outcome, Is.EqualTo(ReviewOutcome.NotABuyer));
            Assert.That(shipped.Outcome, Is.EqualTo(ReviewOutcome.NotDelivered));
            Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM reviews WHERE order_id = @orderId", new { orderId }), Is.Zero);
        });
    }

    [Test]
    public async Task AddFollowUpAsync_OnceWithin180DaysByTheAuthorOnly()
    {
        var written = DateTimeOffset.Parse("2026-06-01T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var (authorId, productId) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var (_, onTime) = await At(written).CreateAsync(authorId, productId, Draft(Guid.CreateVersion7()), Delivered);
        var (_, late) = await At(written).CreateAsync(authorId, productId, Draft(Guid.CreateVersion7()), Delivered);

        var byOther = await At(written.AddDays(30)).AddFollowUpAsync(onTime, Guid.CreateVersion7(), Draft(Guid.Empty, 0, "不是我的"));
        var first = await At(written.AddDays(180)).AddFollowUpAsync(onTime, authorId, Draft(Guid.Empty, 0, "半年了还在喝"));
        var second = await At(written.AddDays(100)).AddFollowUpAsync(onTime, authorId, Draft(Guid.Empty, 0, "再追一次"));
        var tooLate = await At(written.AddDays(180).AddMinutes(1)).AddFollowUpAsync(late, authorId, Draft(Guid.Empty, 0, "太晚了"));

        Assert.Multiple(async () =>
        {
            Assert.That(byOther.Outcome, Is.EqualTo(ReviewOutcome.NotYours));
            Assert.That(first.Outcome, Is.EqualTo(ReviewOutcome.Done), "the 180th day is still inside the window");
            Assert.That(second.Outcome, Is.EqualTo(ReviewOutcome.FollowUpTwice));
            Assert.That(tooLate.Outcome, Is.EqualTo(ReviewOutcome.FollowUpClosed));
            Assert.That(await db.OutboxCountAsync("ReviewFollowUpCreated", onTime), Is.EqualTo(1));
            Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM review_follow_ups WHERE review_id = @late", new { late }), Is.Zero);
        });
    }

    [Test]
    public async Task Decisions_ConcurrentApprovalsHoldAndRefund_SummaryMatchesThePublishedReviews()
    {
        var productId = Guid.CreateVersion7();
        var store = At(DateTimeOffset.UtcNow);
        var ratings = new[] { 5, 5, 4, 3, 1, 5, 2, 4, 5, 5, 4, 1 };
        var written = await Task.WhenAll(ratings.Select(rating =>
            store.CreateAsync(Guid.CreateVersion7(), productId, Draft(Guid.CreateVersion7(), rating), Delivered)));
        var ids = written.Select(w => w.ReviewId).ToArray();
        var at = DateTimeOffset.UtcNow;

        await Task.WhenAll(ids.Select(id => Decide(id, ReviewDecisions.Published, at)));
        // A templated one held later, a refused one, and a refunded purchase: each moves the summary.
        await Task.WhenAll(Decide(ids[0], ReviewDecisions.Pending, at.AddSeconds(1)), Decide(ids[4], ReviewDecisions.Rejected, at.AddSeconds(1)),
            db.InTransactionAsync(async (connection, transaction) =>
            {
                var orderId = await db.ScalarAsync<Guid>("SELECT order_id FROM reviews WHERE id = @id", new { id = ids[3] });
                await RefundMarks.MarkAsync(connection, transaction, orderId, productId, Guid.CreateVersion7(), at);
            }));
        // An older decision redelivered late changes nothing.
        await Decide(ids[0], ReviewDecisions.Published, at);

        await using var connection = await db.DataSource.OpenConnectionAsync();
        var summary = await ReviewSummaries.ReadAsync(connection, productId);
        var published = ratings.Where((_, i) => i is not 0 and not 4).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(summary.Count, Is.EqualTo(published.Count));
            Assert.That(summary.Average, Is.EqualTo(Math.Round(published.Average(), 1)));
            Assert.That(summary.Histogram.Values, Is.EqualTo(Enumerable.Range(1, 5).Select(stars => published.Count(r => r == stars))));
            Assert.That(summary.Refunded, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task CreateAsync_RefundMarkedBeforeTheReview_ReviewMarkedRefunded()
    {
        var (orderId, productId, authorId) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await db.InTransactionAsync((connection, transaction) =>
            RefundMarks.MarkAsync(connection, transaction, orderId, productId, authorId, DateTimeOffset.UtcNow));

        var (_, reviewId) = await At(DateTimeOffset.UtcNow).CreateAsync(authorId, productId, Draft(orderId), Delivered);

        Assert.That(await db.ScalarAsync<bool>("SELECT refunded FROM reviews WHERE id = @reviewId", new { reviewId }), Is.True);
    }

    private Task Decide(Guid reviewId, string status, DateTimeOffset at) =>
        db.InTransactionAsync((connection, transaction) =>
            ReviewDecisions.ApplyAsync(connection, transaction, "review", reviewId, status, [], null, at));
}
