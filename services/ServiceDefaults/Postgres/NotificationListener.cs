using Dapper;
using Npgsql;

namespace SocialCommerce.ServiceDefaults.Postgres;

/// <summary>
/// A background worker's wake-up call from PostgreSQL: LISTEN on a channel for as long as the service runs (reconnecting
/// after a failure) and wake the worker on every NOTIFY, so committed work is picked up at once instead of at the next
/// poll. Workers keep polling as the safety net: a notification sent while no connection listened is lost.
/// </summary>
public sealed class NotificationListener
{
    private readonly SemaphoreSlim signal = new(0, 1);

    /// <summary>Wakes the worker now (also used by the worker itself when a full batch means more is waiting).</summary>
    public void Wake()
    {
        if (signal.CurrentCount > 0) return;
        try { signal.Release(); } catch (SemaphoreFullException) { /* already awake */ }
    }

    /// <summary>Waits for a notification or <paramref name="poll"/>, whichever comes first.</summary>
    /// <returns>True when woken (a notification or <see cref="Wake"/>), false when the poll interval passed.</returns>
    public Task<bool> WaitAsync(TimeSpan poll, CancellationToken cancellationToken) => signal.WaitAsync(poll, cancellationToken);

    private static async Task UnlistenAsync(NpgsqlConnection connection)
    {
        try
        {
            if (connection.FullState == System.Data.ConnectionState.Open) await connection.ExecuteAsync("UNLISTEN *");
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            // A broken connection is not pooled again.
        }
    }

    /// <param name="onFailure">Told about a lost connection before the listener reconnects after <paramref name="retryDelay"/>.</param>
    /// <param name="wakesFor">Which notifications' payloads wake this worker (default: all), when workers share a channel.</param>
    public async Task ListenAsync(
        NpgsqlDataSource dataSource, string channel, TimeSpan retryDelay, Action<Exception> onFailure, CancellationToken stoppingToken,
        Func<string, bool>? wakesFor = null)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, notification) =>
                {
                    if (wakesFor is null || wakesFor(notification.Payload)) Wake();
                };
                await connection.ExecuteAsync($"LISTEN {channel}");
                try
                {
                    // Whatever was committed while no connection listened (at start, after a failure) is picked up now.
                    Wake();
                    while (!stoppingToken.IsCancellationRequested) await connection.WaitAsync(stoppingToken);
                }
                finally
                {
                    // Pooled connections are not reset when they go back (PostgresExtensions.ForService): stop listening first.
                    await UnlistenAsync(connection);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                onFailure(exception);
                await Task.Delay(retryDelay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
