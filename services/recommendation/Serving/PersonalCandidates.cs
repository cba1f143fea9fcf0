using System.Collections.Concurrent;
using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.Recommendation.Models;

namespace SocialCommerce.Recommendation.Serving;

/// <summary>
/// Every shopper's <see cref="Shopper"/> inputs held in this replica's memory, so a for-you page needs no database round
/// trip (benchmark P6: on two cores, one round trip a page caps the pages a second below what a 10 ms p99 for 32 clients
/// needs). Kept current by <see cref="RefreshAsync"/> every <c>Recommendation__PersonalRefreshMilliseconds</c>:
/// shoppers named in <c>serving_changes</c> (consents and choices by trigger, privacy deletions by their writers) are
/// re-read, a new periodic model run re-reads everyone's friends-bought and similar-since, a new nightly run everything.
/// A withdrawn consent therefore shows within about a second. At 0 every request reads its shopper from the database.
/// </summary>
public sealed class PersonalCandidates(NpgsqlDataSource dataSource, IOptions<RecommendationOptions> options, TimeProvider clock)
{
    /// <summary>Notes older than this are deleted (<see cref="ModelJob"/>); a replica that has not looked for half as long reloads.</summary>
    public static readonly TimeSpan ChangesKept = TimeSpan.FromMinutes(10);

    private readonly SemaphoreSlim refreshing = new(1, 1);
    private ConcurrentDictionary<Guid, Shopper>? shoppers;
    private long horizon;
    private HashSet<(long Tx, Guid UserId)> seen = [];
    private Dictionary<string, DateTime> runs = [];
    private DateTimeOffset lookedAt;

    public async Task<Shopper> ForAsync(Guid userId, CancellationToken cancellationToken)
    {
        if (options.Value.PersonalRefreshMilliseconds == 0)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            return (await PersonalReads.ShoppersAsync(connection, [userId], cancellationToken)).GetValueOrDefault(userId, Shopper.Unknown);
        }

        var loaded = Volatile.Read(ref shoppers) ?? await LoadedAsync(cancellationToken);
        return loaded.GetValueOrDefault(userId, Shopper.Unknown);
    }

    /// <summary>Whether everyone has been read (the readiness check): until then a page waits for the load.</summary>
    public bool Loaded => Volatile.Read(ref shoppers) is not null;

    /// <summary>One look at what changed (the first loads everyone); one at a time, the background loop's pass.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await refreshing.WaitAsync(cancellationToken);
        try
        {
            await LookAndApplyAsync(cancellationToken);
        }
        finally
        {
            refreshing.Release();
        }
    }

    /// <summary>The first pages wait for the first load; the first of them to get here does it, the others find it done.</summary>
    private async Task<ConcurrentDictionary<Guid, Shopper>> LoadedAsync(CancellationToken cancellationToken)
    {
        await refreshing.WaitAsync(cancellationToken);
        try
        {
            if (shoppers is null) await LookAndApplyAsync(cancellationToken);
            return shoppers!;
        }
        finally
        {
            refreshing.Release();
        }
    }

    private async Task LookAndApplyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var everyone = shoppers is null || clock.GetUtcNow() - lookedAt > ChangesKept / 2;
        var (newHorizon, changes, newRuns) = await LookAsync(connection, everyone, cancellationToken);
        if (everyone || Changed(newRuns, NightlyCandidates.Model))
        {
            // Everything read after the horizon was taken: a change committed meanwhile is read again next time.
            Volatile.Write(ref shoppers, new ConcurrentDictionary<Guid, Shopper>(await PersonalReads.ShoppersAsync(connection, null, cancellationToken)));
        }
        else
        {
            var current = shoppers!;
            if (Changed(newRuns, ModelJob.Model)) await ReadModelPartsAsync(current, connection, cancellationToken);
            var users = changes.Where(change => !seen.Contains(change)).Select(change => change.UserId).Distinct().ToArray();
            if (users.Length > 0)
            {
                var read = await PersonalReads.ShoppersAsync(connection, users, cancellationToken);
                foreach (var user in users)
                {
                    // Nothing left about them (an erasure, say): forgotten here too.
                    if (read.TryGetValue(user, out var shopper)) current[user] = shopper;
                    else current.TryRemove(user, out _);
                }
            }
        }

        // Transactions below the new horizon have all ended, so their notes were read; the ones above it are kept to
        // be skipped next time, while older transactions still running keep the horizon from moving past them.
        horizon = newHorizon;
        seen = changes.Where(change => change.Tx >= newHorizon).ToHashSet();
        runs = newRuns;
        lookedAt = clock.GetUtcNow();
    }

    private bool Changed(Dictionary<string, DateTime> newRuns, string model) =>
        newRuns.GetValueOrDefault(model) != runs.GetValueOrDefault(model);

    private static async Task ReadModelPartsAsync(ConcurrentDictionary<Guid, Shopper> shoppers, NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var (friends, since) = await PersonalReads.ModelPartsAsync(connection, cancellationToken);
        foreach (var user in shoppers.Keys.Union(friends.Keys).Union(since.Keys).ToList())
        {
            shoppers[user] = shoppers.GetValueOrDefault(user, Shopper.Unknown) with
            {
                FriendsBought = friends.GetValueOrDefault(user, []), SimilarSince = since.GetValueOrDefault(user, []),
            };
        }
    }

    /// <summary>
    /// The oldest transaction still running (its notes and every later one's are read), then the notes from the last
    /// horizon on (from the new one when everyone is about to be read anyway), then the model runs. Each statement sees
    /// what had committed when it started, so every transaction below the horizon is seen.
    /// </summary>
    private async Task<(long Horizon, List<(long Tx, Guid UserId)> Changes, Dictionary<string, DateTime> Runs)> LookAsync(
        NpgsqlConnection connection, bool everyone, CancellationToken cancellationToken)
    {
        await using var results = await connection.QueryMultipleAsync(
            """
            SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint;
            SELECT tx, user_id FROM serving_changes
            WHERE tx >= CASE WHEN @everyone THEN pg_snapshot_xmin(pg_current_snapshot())::text::bigint ELSE @horizon END;
            SELECT model, finished_at FROM model_runs;
            """,
            new { horizon, everyone });
        var newHorizon = await results.ReadSingleAsync<long>();
        var changes = (await results.ReadAsync<(long, Guid)>()).ToList();
        var newRuns = (await results.ReadAsync<(string Model, DateTime FinishedAt)>()).ToDictionary(run => run.Model, run => run.FinishedAt);
        return (newHorizon, changes, newRuns);
    }
}

/// <summary>Ready once this replica has read every shopper, so no page waits for the load (at 0 there is nothing to load).</summary>
public sealed class PersonalCandidatesLoadedCheck(PersonalCandidates personal, IOptions<RecommendationOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(options.Value.PersonalRefreshMilliseconds == 0 || personal.Loaded
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("reading the shoppers' personal candidates into memory"));
}
