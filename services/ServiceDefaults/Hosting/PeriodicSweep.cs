using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SocialCommerce.ServiceDefaults.Telemetry;

namespace SocialCommerce.ServiceDefaults.Hosting;

/// <summary>
/// One pass of a sweep: handles up to a batch of due rows (an expired order, a lapsed reservation, a commission falling due)
/// and returns how many it took. Rows are claimed with FOR UPDATE SKIP LOCKED, so every replica may run the same sweep.
/// </summary>
public delegate Task<int> SweepPass(IServiceProvider services, CancellationToken cancellationToken);

public static class PeriodicSweepExtensions
{
    /// <summary>
    /// Runs <paramref name="pass"/> every <paramref name="interval"/> (read from the services, so it can come from options).
    /// A pass that took a full <paramref name="batchSize"/> means a backlog (e.g. after downtime) and runs again at once
    /// rather than one batch per tick; batchSize 0 means a single pass per tick.
    /// </summary>
    public static IHostApplicationBuilder AddPeriodicSweep(
        this IHostApplicationBuilder builder, string name, Func<IServiceProvider, TimeSpan> interval, int batchSize, SweepPass pass)
    {
        // Hosts built without the service defaults (tests of a single block) still have a clock and metrics.
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<SweepMetrics>();
        builder.Services.AddSingleton<IHostedService>(services => new PeriodicSweep(
            name, interval(services), batchSize, pass, services, services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<SweepMetrics>(), services.GetRequiredService<ILogger<PeriodicSweep>>()));
        return builder;
    }
}

/// <summary>One set of instruments for all the service's sweeps, told apart by the <c>sweep</c> tag.</summary>
public sealed class SweepMetrics(IMeterFactory meters)
{
    public Counter<long> Handled { get; } = SocialCommerceMetrics.From(meters).CreateCounter<long>("socialcommerce.sweep.handled", description: "Rows a periodic sweep handled, by sweep");

    public Counter<long> Failures { get; } = SocialCommerceMetrics.From(meters).CreateCounter<long>("socialcommerce.sweep.failures", description: "Passes of a periodic sweep that failed, by sweep");

    /// <summary>Ticks a sweep finished (drained or failed): proof that it looked, for whoever waits on "nothing was due".</summary>
    public Counter<long> Ticks { get; } = SocialCommerceMetrics.From(meters).CreateCounter<long>("socialcommerce.sweep.ticks", description: "Ticks of a periodic sweep that finished, by sweep");
}

/// <summary>
/// The loop around a <see cref="SweepPass"/>: a timer, draining full batches, a scope per pass, errors logged and counted
/// (the sweep tries again at the next tick: a broken row or a database blip must not stop it for good), and a stop that
/// lets the pass in progress end at its next cancellation point.
/// </summary>
public sealed partial class PeriodicSweep(
    string name, TimeSpan interval, int batchSize, SweepPass pass, IServiceProvider services, TimeProvider time, SweepMetrics metrics,
    ILogger<PeriodicSweep> logger) : BackgroundService
{
    private readonly KeyValuePair<string, object?> sweepTag = new("sweep", name);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Each sweep's series exist from its start, at zero (InstrumentsAtStart says why).
        metrics.Handled.Add(0, sweepTag);
        metrics.Failures.Add(0, sweepTag);
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                int taken;
                do
                {
                    await using var scope = services.CreateAsyncScope();
                    taken = await pass(scope.ServiceProvider, stoppingToken);
                    if (taken > 0) metrics.Handled.Add(taken, sweepTag);
                }
                while (batchSize > 0 && taken >= batchSize && !stoppingToken.IsCancellationRequested);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                metrics.Failures.Add(1, sweepTag);
                LogPassFailed(exception, name);
            }

            metrics.Ticks.Add(1, sweepTag);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).AsTask().ContinueWith(tick => tick is { IsCompletedSuccessfully: true, Result: true },
            TaskScheduler.Default));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Sweep {Sweep} failed; it runs again on the next tick")]
    private partial void LogPassFailed(Exception exception, string sweep);
}
