using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using SocialCommerce.ServiceDefaults.Hosting;
using SocialCommerce.ServiceDefaults.Telemetry;
using SocialCommerce.TestSupport;

namespace SocialCommerce.ServiceDefaults.Tests.Hosting;

/// <summary>The loop every service's timers run in: backlogs drained at once, failures counted and tried again, a clean stop.</summary>
[TestFixture]
public sealed class PeriodicSweepTests
{
    [Test]
    public async Task Sweep_FullBatchesThenAShortOne_DrainsTheBacklogInOneTick()
    {
        var backlog = 25;
        var passes = new ConcurrentQueue<int>();
        using var host = await StartAsync(TimeSpan.FromHours(1), batchSize: 10, (_, _) =>
        {
            var taken = Math.Min(10, backlog);
            backlog -= taken;
            passes.Enqueue(taken);
            return Task.FromResult(taken);
        });

        await Eventually.WaitForAsync(() => Task.FromResult(passes.Count), count => count >= 3);

        Assert.That(passes, Is.EqualTo(new[] { 10, 10, 5 }), "three passes in the first tick, although the next tick is an hour away");
    }

    [Test]
    public async Task Sweep_PassThrows_CountedAndTriedAgainOnTheNextTick()
    {
        var calls = 0;
        long failures = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument is { Name: "socialcommerce.sweep.failures", Meter.Name: SocialCommerceMetrics.MeterName }) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "sweep", Value: "test-sweep" }) Interlocked.Add(ref failures, value);
            }
        });
        listener.Start();
        using var host = await StartAsync(TimeSpan.FromMilliseconds(100), batchSize: 10, (_, _) =>
            Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("a database blip") : Task.FromResult(0));

        await Eventually.WaitForAsync(() => Task.FromResult(Volatile.Read(ref calls)), count => count >= 2);

        Assert.Multiple(() =>
        {
            Assert.That(Volatile.Read(ref calls), Is.GreaterThanOrEqualTo(2), "the sweep kept running after the failure");
            Assert.That(Interlocked.Read(ref failures), Is.EqualTo(1), "the failed pass was counted once");
        });
    }

    [Test]
    public async Task Stop_PassInProgress_CancelledAndHostStops()
    {
        var started = new TaskCompletionSource();
        var cancelled = false;
        var host = await StartAsync(TimeSpan.FromHours(1), batchSize: 10, async (_, cancellationToken) =>
        {
            started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                throw;
            }

            return 0;
        });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await host.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));
        host.Dispose();

        Assert.That(cancelled, Is.True);
    }

    private static async Task<IHost> StartAsync(TimeSpan interval, int batchSize, SweepPass pass)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddPeriodicSweep("test-sweep", _ => interval, batchSize, pass);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
