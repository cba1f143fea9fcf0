using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace SocialCommerce.TestSupport;

/// <summary>A meter factory for tests that build a service's parts by hand, as the host's would be.</summary>
public static class TestMeters
{
    public static IMeterFactory Factory { get; } = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
}
