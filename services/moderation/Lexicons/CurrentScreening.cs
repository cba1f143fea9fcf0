namespace SocialCommerce.Moderation.Lexicons;

/// <summary>
/// The matcher and rules this instance screens with. A reload builds the new version beside the old one and swaps
/// the reference: screenings in flight finish on the version they started with, none waits for the build.
/// </summary>
public sealed partial class CurrentScreening(ScreeningConfigStore store, ILogger<CurrentScreening> logger)
{
    private readonly SemaphoreSlim reloading = new(1, 1);
    private ScreeningConfig? current;

    public ScreeningConfig Config =>
        Volatile.Read(ref current) ?? throw new InvalidOperationException("Screening configuration is not loaded yet.");

    /// <summary>Loads the stored version unless this instance already holds it.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        await reloading.WaitAsync(cancellationToken);
        try
        {
            var held = Volatile.Read(ref current);
            if (held is not null && held.Version == await store.VersionAsync(cancellationToken)) return;
            var started = TimeProvider.System.GetTimestamp();
            var loaded = await store.LoadAsync(cancellationToken);
            Volatile.Write(ref current, loaded);
            LogLoaded(loaded.Version, loaded.Matcher.TermCount, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
        }
        finally
        {
            reloading.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Screening configuration version {Version} loaded: {Terms} terms, matcher built in {Milliseconds:F0} ms")]
    private partial void LogLoaded(long version, int terms, double milliseconds);
}
