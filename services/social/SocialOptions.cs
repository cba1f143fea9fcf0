using System.ComponentModel.DataAnnotations;

namespace SocialCommerce.Social;

public sealed class SocialOptions
{
    /// <summary>
    /// An author with at least this many followers is not fanned out: their posts are pulled into each follower's feed at
    /// read time, so one famous shop posting does not write a feed row per follower.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int FanOutLimit { get; set; } = 20_000;

    /// <summary>Feed rows kept per user (the newest); reading past them rebuilds the page from the follow graph.</summary>
    [Range(20, 100_000)]
    public int FeedCap { get; set; } = 800;

    [Range(1, 3600)]
    public int TrimIntervalSeconds { get; set; } = 30;

    /// <summary>How long nicknames, avatars and shop names fetched from identity and catalog are reused.</summary>
    [Range(0, 3600)]
    public int CardCacheSeconds { get; set; } = 60;
}
