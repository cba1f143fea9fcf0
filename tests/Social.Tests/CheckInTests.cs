using SocialCommerce.Social.CheckIns;

namespace SocialCommerce.Social.Tests;

/// <summary>Daily check-in: once per Beijing calendar day under double taps, streaks over consecutive days only.</summary>
[TestFixture]
public sealed class CheckInTests
{
    private SocialDatabase db = null!;

    [OneTimeSetUp]
    public void CreateDatabase() => db = SocialDatabase.Create();

    private CheckInStore At(string utc) => new(db.DataSource, new FixedTime(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)));

    [Test]
    public async Task CheckInAsync_HundredConcurrentTapsOnOneDay_OneCheckInOneEvent()
    {
        var userId = Guid.CreateVersion7();
        var store = At("2026-12-06T04:00:00Z");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => store.CheckInAsync(userId)));

        Assert.Multiple(async () =>
        {
            Assert.That(outcomes.Count(outcome => outcome is not null), Is.EqualTo(1));
            Assert.That(outcomes.Single(outcome => outcome is not null)!.Streak, Is.EqualTo(1));
            Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM check_ins WHERE user_id = @userId", new { userId }), Is.EqualTo(1));
            Assert.That(await db.OutboxCountAsync("CheckedIn", userId), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task CheckInAsync_ConsecutiveBeijingDays_StreakGrowsAndAGapResetsIt()
    {
        var userId = Guid.CreateVersion7();

        // 23:30 and 16:30 UTC are 07:30 and 00:30 the next morning in Beijing: two days, not one.
        var first = await At("2026-11-30T23:30:00Z").CheckInAsync(userId);
        var second = await At("2026-12-01T16:30:00Z").CheckInAsync(userId);
        var sameBeijingDay = await At("2026-12-02T15:59:00Z").CheckInAsync(userId);
        var afterGap = await At("2026-12-04T01:00:00Z").CheckInAsync(userId);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(new CheckInView(new DateOnly(2026, 12, 1), 1)));
            Assert.That(second, Is.EqualTo(new CheckInView(new DateOnly(2026, 12, 2), 2)));
            Assert.That(sameBeijingDay, Is.Null, "15:59 UTC on the 2nd is still the 2nd in Beijing");
            Assert.That(afterGap, Is.EqualTo(new CheckInView(new DateOnly(2026, 12, 4), 1)));
        });
    }

    [Test]
    public async Task HistoryAsync_CheckedInYesterdayNotToday_StreakStillCountsUntilTheDayEnds()
    {
        var userId = Guid.CreateVersion7();
        await At("2026-12-01T02:00:00Z").CheckInAsync(userId);
        await At("2026-12-02T02:00:00Z").CheckInAsync(userId);

        var nextDay = await At("2026-12-03T02:00:00Z").HistoryAsync(userId);
        var dayAfter = await At("2026-12-04T02:00:00Z").HistoryAsync(userId);

        Assert.Multiple(() =>
        {
            Assert.That(nextDay.CheckedInToday, Is.False);
            Assert.That(nextDay.Streak, Is.EqualTo(2));
            Assert.That(nextDay.Days, Is.EqualTo(new[] { new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 1) }));
            Assert.That(dayAfter.Streak, Is.Zero, "a missed day ends the streak");
        });
    }
}
