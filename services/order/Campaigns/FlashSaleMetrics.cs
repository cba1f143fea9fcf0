using System.Diagnostics.Metrics;
using SocialCommerce.ServiceDefaults.Telemetry;

namespace SocialCommerce.Order.Campaigns;

/// <summary>Flash-sale attempts by outcome, how long the admission decision took, and units given back to the quota.</summary>
internal static class FlashSaleMetrics
{
    private static readonly Counter<long> Attempts = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.flashsale.attempts",
        description: "Flash-sale attempts by outcome: admitted, sold-out (decided by the database), too-few-left, sold-out-fast (remembered), over-limit");

    private static readonly Histogram<double> AdmissionDuration = SocialCommerceMetrics.Meter.CreateHistogram<double>(
        "socialcommerce.flashsale.admission.duration", "s", "The admission decision in the database, by outcome");

    private static readonly Counter<long> ReturnedAdmissions = SocialCommerceMetrics.Meter.CreateCounter<long>(
        "socialcommerce.flashsale.admissions.returned",
        description: "Admissions whose units went back to the quota, by reason (checkout-failed, cancelled, abandoned)");

    public static void Decided(string outcome, TimeSpan took)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        Attempts.Add(1, tag);
        AdmissionDuration.Record(took.TotalSeconds, tag);
    }

    public static void SoldOutFast() => Attempts.Add(1, new KeyValuePair<string, object?>("outcome", "sold-out-fast"));

    public static void Returned(string reason) => ReturnedAdmissions.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
