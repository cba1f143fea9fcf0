using System.Diagnostics.Metrics;

namespace SocialCommerce.TestSupport;

/// <summary>
/// Watches one instrument in this process for measurements whose tag holds a value: the positive signal an in-process test
/// waits for (a duplicate skipped, a message consumed) instead of sleeping and hoping nothing happened meanwhile.
/// <see cref="Sum"/> adds up a counter; <see cref="Count"/> counts recordings (a histogram records one per finished operation).
/// </summary>
public sealed class CounterWatch : IDisposable
{
    private readonly MeterListener listener = new();
    private long sum;
    private long count;

    /// <param name="value">The tag's value, or a part of it (MassTransit's type tags carry namespaces).</param>
    public CounterWatch(string instrument, string tag, string value, string meter = "SocialCommerce")
    {
        listener.InstrumentPublished = (published, l) =>
        {
            if (published.Name == instrument && published.Meter.Name == meter) l.EnableMeasurementEvents(published);
        };
        listener.SetMeasurementEventCallback<long>((_, measurement, tags, _) =>
        {
            if (Matches(tags, tag, value)) Record(measurement);
        });
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            if (Matches(tags, tag, value)) Record(0);
        });
        listener.Start();
    }

    public long Sum => Interlocked.Read(ref sum);

    public long Count => Interlocked.Read(ref count);

    /// <summary>Waits until the counter adds up to at least <paramref name="atLeast"/>.</summary>
    public Task WaitForSumAsync(long atLeast, TimeSpan? timeout = null) => WaitAsync(() => Sum, atLeast, timeout);

    /// <summary>Waits until at least <paramref name="atLeast"/> measurements were recorded.</summary>
    public Task WaitForCountAsync(long atLeast, TimeSpan? timeout = null) => WaitAsync(() => Count, atLeast, timeout);

    public void Dispose() => listener.Dispose();

    private void Record(long measurement)
    {
        Interlocked.Add(ref sum, measurement);
        Interlocked.Increment(ref count);
    }

    private static bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags, string tag, string value)
    {
        foreach (var pair in tags)
        {
            if (pair.Key == tag && pair.Value is string text && text.Contains(value, StringComparison.Ordinal)) return true;
        }

        return false;
    }

    private static async Task WaitAsync(Func<long> read, long atLeast, TimeSpan? timeout)
    {
        var reached = await Eventually.WaitForAsync(() => Task.FromResult(read()), value => value >= atLeast, timeout);
        if (reached < atLeast) throw new TimeoutException($"Saw {reached} of {atLeast} in time.");
    }
}
