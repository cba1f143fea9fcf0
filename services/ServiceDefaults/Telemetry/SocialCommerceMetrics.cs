using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SocialCommerce.ServiceDefaults.Telemetry;

/// <summary>
/// The one meter and activity source for business and building-block telemetry. Services add their own
/// instruments to this meter so that every business metric is exported without extra registration.
/// </summary>
public static class SocialCommerceMetrics
{
    public const string MeterName = "SocialCommerce";
    public const string ActivitySourceName = "SocialCommerce";

    public static readonly Meter Meter = new(MeterName);
    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);
}
