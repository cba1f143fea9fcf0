namespace SocialCommerce.Recommendation.Serving;

/// <summary>
/// A value read from the database and reused while it is younger than <c>maxAge</c>. Once older, the next reader starts
/// one refresh in the background and still answers with the value it has, so no request waits for a reload (or for
/// thirty-one others to reload the same thing) except the very first. A zero age reads anew every time (the tests).
/// </summary>
public sealed class Snapshot<T>(Func<CancellationToken, Task<T>> load, TimeSpan maxAge, TimeProvider clock) where T : class
{
    private readonly Lock gate = new();
    private Task<T>? current;
    private DateTimeOffset loadedAt;
    private int refreshing;

    public Task<T> GetAsync(CancellationToken cancellationToken)
    {
        if (maxAge <= TimeSpan.Zero) return load(cancellationToken);
        lock (gate)
        {
            // A first load (or one that failed) is waited for; a stale one is answered from while one reader refreshes it.
            if (current is null || current.IsFaulted || current.IsCanceled)
            {
                current = load(CancellationToken.None);
                loadedAt = clock.GetUtcNow();
            }
            else if (clock.GetUtcNow() - loadedAt > maxAge && current.IsCompletedSuccessfully && Interlocked.Exchange(ref refreshing, 1) == 0)
            {
                _ = RefreshAsync();
            }

            return current;
        }
    }

    private async Task RefreshAsync()
    {
        try
        {
            var fresh = await load(CancellationToken.None);
            lock (gate)
            {
                current = Task.FromResult(fresh);
                loadedAt = clock.GetUtcNow();
            }
        }
        catch (Exception)
        {
            // The old value stays; the next reader after maxAge tries again.
        }
        finally
        {
            Volatile.Write(ref refreshing, 0);
        }
    }
}
