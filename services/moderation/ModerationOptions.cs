namespace SocialCommerce.Moderation;

public sealed class ModerationOptions
{
    /// <summary>How long a claimed case stays with its moderator before it returns to the queue.</summary>
    public int ClaimMinutes { get; set; } = 15;

    /// <summary>How far back a review is compared with other accounts' reviews for templated copies.</summary>
    public int DuplicateWindowDays { get; set; } = 30;

    /// <summary>
    /// Near-identical reviews from this many different accounts (the new one included) form a cluster that goes
    /// to a moderator.
    /// </summary>
    public int DuplicateClusterSize { get; set; } = 3;

    /// <summary>Safety-net poll for lexicon and rule changes; a NOTIFY normally reloads at once.</summary>
    public int ConfigPollSeconds { get; set; } = 30;

    /// <summary>How often queue depth and the oldest case's age are read for the metrics.</summary>
    public int QueueMetricsSeconds { get; set; } = 15;
}
