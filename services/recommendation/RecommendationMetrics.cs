using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using SocialCommerce.Recommendation.Models;
using SocialCommerce.ServiceDefaults.Telemetry;

namespace SocialCommerce.Recommendation;

/// <summary>
/// Recommendations served by endpoint and reason, and each model's age and latest training time as <c>model_runs</c> says
/// (the train command runs in its own process, so its numbers reach the dashboards through the table). The allowed age is a
/// metric too, so the stale-model alert compares the two and its threshold lives in the service's configuration.
/// </summary>
public sealed class RecommendationMetrics
{
    private readonly Counter<long> items;
    private readonly TimeProvider clock;
    private volatile IReadOnlyDictionary<string, (DateTimeOffset FinishedAt, double Seconds)> runs =
        new Dictionary<string, (DateTimeOffset, double)>();

    public RecommendationMetrics(IMeterFactory meters, TimeProvider clock, IOptions<RecommendationOptions> options)
    {
        this.clock = clock;
        var meter = SocialCommerceMetrics.From(meters);
        items = meter.CreateCounter<long>("socialcommerce.recommendation.items",
            description: "Recommended products served, by endpoint and reason (friends-bought, similar-to-purchase, trending, popular)");
        meter.CreateObservableGauge("socialcommerce.recommendation.model.age",
            () => runs.Select(run => Measurement(run.Key, (clock.GetUtcNow() - run.Value.FinishedAt).TotalSeconds)), "s",
            "Time since each model's latest run finished");
        meter.CreateObservableGauge("socialcommerce.recommendation.model.training.duration",
            () => runs.Select(run => Measurement(run.Key, run.Value.Seconds)), "s", "How long each model's latest run took");
        var maxAge = options.Value;
        meter.CreateObservableGauge("socialcommerce.recommendation.model.max_age",
            () => new[]
            {
                Measurement(ModelJob.Model, maxAge.MaxTrendingAgeMinutes * 60.0),
                Measurement(NightlyCandidates.Model, maxAge.MaxTasteAgeHours * 3600.0),
            }, "s", "The age above which a model counts as stale (Recommendation:MaxTrendingAgeMinutes, MaxTasteAgeHours)");
    }

    public void Served(string endpoint, IEnumerable<string> reasons)
    {
        foreach (var reason in reasons.GroupBy(reason => reason))
        {
            items.Add(reason.Count(), new KeyValuePair<string, object?>("endpoint", endpoint), new KeyValuePair<string, object?>("reason", reason.Key));
        }
    }

    /// <summary>Called by the periodic model job with what <c>model_runs</c> holds after its run.</summary>
    public void Runs(IReadOnlyDictionary<string, (DateTimeOffset FinishedAt, double Seconds)> latest) => runs = latest;

    private static Measurement<double> Measurement(string model, double value) =>
        new(value, new KeyValuePair<string, object?>("model", model));
}
