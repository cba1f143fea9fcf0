using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.ServiceDefaults.Postgres;

namespace SocialCommerce.Moderation.Lexicons;

/// <summary>
/// Keeps <see cref="CurrentScreening"/> at the stored version: loaded before the service takes traffic, then
/// reloaded on every NOTIFY from a lexicon or rule change (ServiceDefaults' <see cref="NotificationListener"/>, which also
/// wakes it whenever it starts listening again), with a periodic version check as the safety net.
/// </summary>
public sealed partial class ScreeningConfigReloader(
    NpgsqlDataSource dataSource, CurrentScreening screening, TimeProvider time, IOptions<ModerationOptions> options,
    ILogger<ScreeningConfigReloader> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await StarterLexiconSeeder.SeedOnceAsync(dataSource, time.GetUtcNow(), cancellationToken);
        await screening.ReloadAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var notifications = new NotificationListener();
        _ = Task.Run(() => notifications.ListenAsync(dataSource, ScreeningConfigStore.ChangedChannel, TimeSpan.FromSeconds(1), LogListenFailed,
            stoppingToken), stoppingToken);
        var poll = TimeSpan.FromSeconds(options.Value.ConfigPollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await notifications.WaitAsync(poll, stoppingToken);
                await screening.ReloadAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogReloadFailed(exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Screening configuration LISTEN connection failed; reconnecting")]
    private partial void LogListenFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Screening configuration reload failed; retrying")]
    private partial void LogReloadFailed(Exception exception);
}
