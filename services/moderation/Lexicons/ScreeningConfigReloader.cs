using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace SocialCommerce.Moderation.Lexicons;

/// <summary>
/// Keeps <see cref="CurrentScreening"/> at the stored version: loaded before the service takes traffic, then
/// reloaded on every NOTIFY from a lexicon or rule change, with a periodic version check in case a notification
/// was missed while the listening connection was down.
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
        var poll = TimeSpan.FromSeconds(options.Value.ConfigPollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                await connection.ExecuteAsync($"LISTEN {ScreeningConfigStore.ChangedChannel}");
                // Whatever changed while no connection listened is picked up here.
                await screening.ReloadAsync(stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(poll, stoppingToken);
                    await screening.ReloadAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogReloadFailed(exception);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Screening configuration reload failed; retrying")]
    private partial void LogReloadFailed(Exception exception);
}
