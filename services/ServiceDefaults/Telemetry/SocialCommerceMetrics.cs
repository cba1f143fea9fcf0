using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SocialCommerce.ServiceDefaults.Telemetry;

/// <summary>
/// The one meter name and activity source for business and building-block telemetry. Instruments are created on the meter
/// the host's <see cref="IMeterFactory"/> gives for this name (<see cref="From"/>), never on a static meter, so they are
/// exported without extra registration and belong to their host.
/// </summary>
public static class SocialCommerceMetrics
{
    public const string MeterName = "SocialCommerce";
    public const string ActivitySourceName = "SocialCommerce";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    /// <summary>
    /// The platform's meter from the host's factory: instruments created on it belong to that host and go with it, so
    /// tests that start several hosts in one process do not share (or leak) them. Services create their metrics this way.
    /// </summary>
    public static Meter From(IMeterFactory meters) => meters.Create(MeterName);
}
