using System.Diagnostics.Metrics;

namespace SocialCommerce.TestSupport;

/// <summary>
/// Adds up one counter of the platform's meter in this process, for measurements whose tag holds a value: the positive
/// signal an in-process test waits for (a duplicate seen and skipped) instead of sleeping and hoping nothing happened.
/// </summary>
public sealed class CounterWatch : IDisposable
{
    private readonly MeterListener listener = new();
    private long sum;

    public CounterWatch(string instrument, string tag, string value)
    {
        listener.InstrumentPublished = (published, l) =>
        {
            if (published.Name == instrument && published.Meter.Name == "SocialCommerce") l.EnableMeasurementEvents(published);
        };
        listener.SetMeasurementEventCallback<long>((_, measurement, tags, _) =>
        {
            foreach (var pair in tags)
            {
                if (pair.Key == tag && Equals(pair.Value, value)) Interlocked.Add(ref sum, measurement);
            }
        });
        listener.Start();
    }

    public long Sum => Interlocked.Read(ref sum);

    /// <summary>Waits until the counter adds up to at least <paramref name="atLeast"/>.</summary>
    public async Task WaitForSumAsync(long atLeast, TimeSpan? timeout = null)
    {
        var reached = await Eventually.WaitForAsync(() => Task.FromResult(Sum), value => value >= atLeast, timeout);
        if (reached < atLeast) throw new TimeoutException($"Counted {reached} of {atLeast} in time.");
    }

    public void Dispose() => listener.Dispose();
}
