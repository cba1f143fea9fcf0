using System.Globalization;

namespace SocialCommerce.TestSupport;

/// <summary>Reads a service's Prometheus page: the positive signal a test waits for instead of sleeping.</summary>
public static class MetricsScrape
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>The sum of a metric's samples whose labels include every given pair (0 when there are none yet).</summary>
    public static async Task<double> SumAsync(string serviceUrl, string metric, params (string Name, string Value)[] labels)
    {
        var page = await Http.GetStringAsync($"{serviceUrl.TrimEnd('/')}/metrics");
        var wanted = labels.Select(label => $"{label.Name}=\"{label.Value}\"").ToList();
        return page.Split('\n')
            .Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) || line.StartsWith(metric + " ", StringComparison.Ordinal))
            .Where(line => wanted.All(pair => line.Contains(pair, StringComparison.Ordinal)))
            .Sum(line => double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Waits until a periodic sweep has finished <paramref name="ticks"/> more ticks: the last of them began after this was
    /// called, so whatever was due by then has been looked at.
    /// </summary>
    public static async Task WaitForSweepTicksAsync(string serviceUrl, string sweep, int ticks = 2, TimeSpan? timeout = null)
    {
        var before = await SumAsync(serviceUrl, "socialcommerce_sweep_ticks_total", ("sweep", sweep));
        var after = await Eventually.WaitForAsync(() => SumAsync(serviceUrl, "socialcommerce_sweep_ticks_total", ("sweep", sweep)),
            count => count >= before + ticks, timeout ?? TimeSpan.FromSeconds(30));
        if (after < before + ticks) throw new TimeoutException($"Sweep {sweep} finished {after - before} of {ticks} ticks in time.");
    }
}
