using System.Diagnostics;
using System.Net.Http.Headers;

namespace SocialCommerce.Benchmarks;

public sealed record LoadResult(long Requests, long Failures, TimeSpan Elapsed, double[] LatenciesMs)
{
    public double PerSecond => Requests / Elapsed.TotalSeconds;

    public double Percentile(double p)
    {
        if (LatenciesMs.Length == 0) return double.NaN;
        var sorted = LatenciesMs.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
    }
}

/// <summary>A closed-loop HTTP load: N workers each send the next request as soon as the last one answered.</summary>
public static class LoadGenerator
{
    public static HttpClient CreateClient(string bearer)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = TimeSpan.FromMinutes(10) });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    public static async Task<LoadResult> RunAsync(HttpClient client, string url, int workers, TimeSpan duration)
    {
        var latencies = new List<double>[workers];
        long failures = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async worker =>
        {
            var own = latencies[worker] = new List<double>(100_000);
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead);
                own.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref failures);
            }
        }));
        var all = latencies.SelectMany(list => list).ToArray();
        return new LoadResult(all.Length, failures, clock.Elapsed, all);
    }
}
