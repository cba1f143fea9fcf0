using System.ComponentModel.DataAnnotations;

namespace SocialCommerce.Recommendation;

public sealed class RecommendationOptions
{
    /// <summary>How often the model job recomputes trending and similar items (seconds; 1 in the test platform).</summary>
    [Range(1, 86_400)]
    public int ModelIntervalSeconds { get; set; } = 60;

    /// <summary>How long a trending list is reused from memory; the table only changes once per model run anyway.</summary>
    [Range(0, 3600)]
    public int TrendingCacheSeconds { get; set; } = 5;

    /// <summary>Trending and similar items older than this are stale: the model job has stopped (the alert's threshold).</summary>
    [Range(1, 10_080)]
    public int MaxTrendingAgeMinutes { get; set; } = 10;

    /// <summary>Taste candidates older than this are stale: the scheduled `train` has not run (a day, with an hour's slack).</summary>
    [Range(1, 720)]
    public int MaxTasteAgeHours { get; set; } = 26;

    /// <summary>How long the pages after a first for-you page come from the blend it was cut from (0: blend every page).</summary>
    [Range(0, 600)]
    public int ForYouPageSeconds { get; set; } = 30;

    /// <summary>
    /// How often each replica looks for changed shoppers and new model runs to bring its in-memory personal candidates up to
    /// date (milliseconds; a withdrawn consent shows within about this long). 0: read the shopper from the database on every
    /// request instead (the unit tests).
    /// </summary>
    [Range(0, 60_000)]
    public int PersonalRefreshMilliseconds { get; set; } = 1000;

    /// <summary>At most this many shoppers' blends are kept (as their inputs) for their next pages; the oldest make room.</summary>
    [Range(100, 1_000_000)]
    public int ForYouBlendsKept { get; set; } = 10_000;
}
