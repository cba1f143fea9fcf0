using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace SocialCommerce.ServiceDefaults.Telemetry;

/// <summary>
/// Counters on /metrics from the first scrape. Prometheus reads a counter that was never incremented as no series at all:
/// a dashboard shows "no data" and <c>increase(...) &gt; 0</c> cannot tell "none" from "not measured". So counters start
/// at zero (<see cref="AtZero"/>), and a service's instruments are created when the host starts
/// (<see cref="AddInstrumentsAtStart{T}"/>), not when the first order or like needs them. The end-to-end suite checks that
/// every metric a dashboard or alert queries is on the services' pages.
/// </summary>
public static class InstrumentsAtStart
{
    /// <summary>
    /// Records a zero, so the counter is exported before its first event: with the label values a dashboard or alert
    /// selects (an alert on <c>outcome="failed"</c> starts that series), or with none.
    /// </summary>
    public static Counter<long> AtZero(this Counter<long> counter, params (string Name, object? Value)[] labels)
    {
        counter.Add(0, labels.Select(label => new KeyValuePair<string, object?>(label.Name, label.Value)).ToArray());
        return counter;
    }

    /// <summary>Registers a service's instruments (one singleton) and creates them as the host starts.</summary>
    public static IServiceCollection AddInstrumentsAtStart<T>(this IServiceCollection services) where T : class =>
        services.AddSingleton<T>().CreateAtStart<T>();

    /// <summary>Resolves an already registered singleton as the host starts, creating the instruments it holds.</summary>
    public static IServiceCollection CreateAtStart<T>(this IServiceCollection services) where T : class =>
        services.AddSingleton<IHostedService>(provider => new Created(provider.GetRequiredService<T>()));

    /// <summary>Holds nothing and does nothing: resolving it at start is what creates the instruments.</summary>
    private sealed class Created(object instruments) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override string ToString() => $"instruments {instruments.GetType().Name} created at start";
    }
}
