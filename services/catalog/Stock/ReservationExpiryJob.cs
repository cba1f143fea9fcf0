using Microsoft.Extensions.Options;

namespace SocialCommerce.Catalog.Stock;

/// <summary>
/// Returns the stock of reservations that order neither committed nor released in time (an unpaid order whose
/// cancel never arrived). Every replica runs it; SKIP LOCKED lets them share the lapsed rows without waiting.
/// </summary>
public sealed partial class ReservationExpiryJob(
    ReservationStore reservations, IOptions<CatalogOptions> options, TimeProvider time, ILogger<ReservationExpiryJob> logger) : BackgroundService
{
    internal const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.ExpirySweepSeconds)), time);
        do
        {
            try
            {
                // A full batch means a backlog (e.g. after downtime): drain it now rather than one batch per tick.
                while (await reservations.ExpireLapsedAsync(BatchSize, stoppingToken) == BatchSize)
                {
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogSweepFailed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Reservation expiry sweep failed; retrying on the next tick")]
    private partial void LogSweepFailed(Exception exception);
}
