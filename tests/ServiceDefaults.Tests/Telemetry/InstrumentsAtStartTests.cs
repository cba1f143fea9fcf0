using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SocialCommerce.ServiceDefaults.Telemetry;

namespace SocialCommerce.ServiceDefaults.Tests.Telemetry;

/// <summary>Counters exist from the host's start at zero, with the label values asked for, before anything uses them.</summary>
[TestFixture]
public sealed class InstrumentsAtStartTests
{
    private sealed class ShopInstruments(IMeterFactory meters)
    {
        public Counter<long> Refunds { get; } = SocialCommerceMetrics.From(meters).CreateCounter<long>("socialcommerce.test.refunds").AtZero(("outcome", "failed"));
    }

    [Test]
    public async Task AddInstrumentsAtStart_HostStarted_CounterRecordedZeroWithItsLabel_NothingResolvedByHand()
    {
        var measurements = new ConcurrentQueue<(long Value, string Labels)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "socialcommerce.test.refunds") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            measurements.Enqueue((value, string.Join(",", tags.ToArray().Select(tag => $"{tag.Key}={tag.Value}")))));
        listener.Start();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddMetrics();
        builder.Services.AddInstrumentsAtStart<ShopInstruments>();
        using var host = builder.Build();
        Assert.That(measurements, Is.Empty, "not created by building the host");

        await host.StartAsync();
        await host.StopAsync();

        Assert.That(measurements, Is.EqualTo(new[] { (0L, "outcome=failed") }));
    }
}
