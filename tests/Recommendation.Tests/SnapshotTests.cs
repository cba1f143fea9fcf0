using SocialCommerce.Recommendation.Serving;

namespace SocialCommerce.Recommendation.Tests;

/// <summary>The in-memory lists: fresh ones reused, stale ones refreshed in the background while still answering, failures retried.</summary>
public sealed class SnapshotTests
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Test]
    public async Task GetAsync_YoungValue_ReusedWithoutLoading()
    {
        var loads = 0;
        var snapshot = new Snapshot<string>(_ => Task.FromResult($"v{++loads}"), TimeSpan.FromSeconds(5), new Clock());

        Assert.That(new[] { await snapshot.GetAsync(default), await snapshot.GetAsync(default) }, Is.EqualTo(new[] { "v1", "v1" }));
        Assert.That(loads, Is.EqualTo(1));
    }

    [Test]
    public async Task GetAsync_StaleValue_OldAnswerWhileOneRefreshRuns_ThenTheNewOne()
    {
        var clock = new Clock();
        var loads = 0;
        var gate = new TaskCompletionSource();
        var snapshot = new Snapshot<string>(async _ =>
        {
            if (++loads > 1) await gate.Task;
            return $"v{loads}";
        }, TimeSpan.FromSeconds(5), clock);
        await snapshot.GetAsync(default);

        clock.Now += TimeSpan.FromSeconds(6);
        var whileRefreshing = new[] { await snapshot.GetAsync(default), await snapshot.GetAsync(default), await snapshot.GetAsync(default) };
        gate.SetResult();
        var after = await Eventually.WaitForAsync(() => snapshot.GetAsync(default), value => value == "v2", TimeSpan.FromSeconds(5));

        Assert.Multiple(() =>
        {
            Assert.That(whileRefreshing, Is.All.EqualTo("v1"), "nobody waits for the reload");
            Assert.That(loads, Is.EqualTo(2), "three stale readers, one reload");
            Assert.That(after, Is.EqualTo("v2"));
        });
    }

    [Test]
    public async Task GetAsync_FirstLoadFailed_NextReaderLoadsAgain()
    {
        var loads = 0;
        var snapshot = new Snapshot<string>(_ => ++loads == 1 ? Task.FromException<string>(new TimeoutException()) : Task.FromResult("v2"),
            TimeSpan.FromSeconds(5), new Clock());

        Assert.ThrowsAsync<TimeoutException>(() => snapshot.GetAsync(default));
        Assert.That(await snapshot.GetAsync(default), Is.EqualTo("v2"));
    }

    [Test]
    public async Task GetAsync_ZeroAge_LoadsEveryTime()
    {
        var loads = 0;
        var snapshot = new Snapshot<string>(_ => Task.FromResult($"v{++loads}"), TimeSpan.Zero, new Clock());
        await snapshot.GetAsync(default);
        Assert.That(await snapshot.GetAsync(default), Is.EqualTo("v2"));
    }
}
