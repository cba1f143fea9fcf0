using System.Diagnostics.Metrics;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.ServiceDefaults.Hosting;
using SocialCommerce.ServiceDefaults.Telemetry;

namespace SocialCommerce.ServiceDefaults.Postgres;

/// <summary>
/// Rows of <see cref="Table"/> whose <see cref="Column"/> is older than <see cref="Keep"/> are deleted on a schedule: codes,
/// sessions, dedup keys and throttles serve for a while and then are only data held about people for nothing. With
/// <see cref="Clear"/> the rows stay and only those columns are set to null (a signal kept only as long as a check needs it).
/// Table, columns and condition are code, never input.
/// </summary>
public sealed record RetentionRule(string Table, string Column, TimeSpan Keep, string? Condition = null, string[]? Clear = null);

public sealed class RetentionOptions
{
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
    public bool Enabled { get; set; } = true;
}

public static class RetentionExtensions
{
    /// <summary>Adds rules to the service's one retention sweep (started by the first call).</summary>
    public static IHostApplicationBuilder AddRetention(this IHostApplicationBuilder builder, params RetentionRule[] rules)
    {
        foreach (var rule in rules) builder.Services.AddSingleton(rule);
        builder.Services.AddOptions<RetentionOptions>().Bind(builder.Configuration.GetSection("Retention"));
        if (builder.Services.Any(service => service.ServiceType == typeof(RetentionSweep))) return builder;
        builder.Services.AddSingleton<RetentionSweep>();
        builder.AddPeriodicSweep("retention", services => services.GetRequiredService<IOptions<RetentionOptions>>().Value.Interval, batchSize: 0,
            async (services, cancellationToken) =>
            {
                // Disabled: only the scheduled runs stop (tests sweep by hand, at a moment they choose).
                if (!services.GetRequiredService<IOptions<RetentionOptions>>().Value.Enabled) return 0;
                return (int)Math.Min(int.MaxValue, (await services.GetRequiredService<RetentionSweep>().SweepAsync(cancellationToken)).Values.Sum());
            });
        return builder;
    }
}

/// <summary>
/// Deletes expired rows of every <see cref="RetentionRule"/>, in small batches so no delete holds locks for long; run once an
/// interval as the service's <c>retention</c> periodic sweep.
/// </summary>
/// <param name="meters">Counts what was deleted; absent in tests that build a sweep by hand.</param>
public sealed partial class RetentionSweep(
    NpgsqlDataSource dataSource, IEnumerable<RetentionRule> rules, ILogger<RetentionSweep> logger, IMeterFactory? meters = null)
{
    private const int BatchSize = 5_000;

    private readonly Counter<long>? deletedRows = meters?.Create(SocialCommerceMetrics.MeterName).CreateCounter<long>(
        "socialcommerce.retention.deleted", description: "Rows deleted (or their signal columns cleared) because their retention ran out");

    /// <returns>Rows deleted per table.</returns>
    public async Task<IReadOnlyDictionary<string, long>> SweepAsync(CancellationToken cancellationToken = default)
    {
        var deleted = new Dictionary<string, long>();
        foreach (var rule in rules)
        {
            try
            {
                deleted[rule.Table] = deleted.GetValueOrDefault(rule.Table) + await PruneAsync(rule, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // One rule failing (a lock timeout, a table a migration has not made yet) does not keep the others from running.
                LogRuleFailed(exception, rule.Table);
            }
        }

        return deleted;
    }

    private async Task<long> PruneAsync(RetentionRule rule, CancellationToken cancellationToken)
    {
        var condition = rule.Condition is null ? "" : $" AND ({rule.Condition})";
        var sql = rule.Clear is { Length: > 0 } clear
            ? $"""
              UPDATE {rule.Table} SET {string.Join(", ", clear.Select(column => $"{column} = NULL"))} WHERE ctid IN (
                  SELECT ctid FROM {rule.Table}
                  WHERE {rule.Column} < now() - @keep{condition} AND ({string.Join(" OR ", clear.Select(column => $"{column} IS NOT NULL"))})
                  LIMIT {BatchSize})
              """
            : $"""
              DELETE FROM {rule.Table} WHERE ctid IN (
                  SELECT ctid FROM {rule.Table}
                  WHERE {rule.Column} < now() - @keep{condition}
                  LIMIT {BatchSize})
              """;
        long total = 0;
        int batch;
        do
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            batch = await connection.ExecuteAsync(new CommandDefinition(sql, new { keep = rule.Keep }, cancellationToken: cancellationToken));
            total += batch;
        }
        while (batch == BatchSize);

        if (total > 0)
        {
            deletedRows?.Add(total, new KeyValuePair<string, object?>("table", rule.Table));
            LogPruned(total, rule.Table);
        }

        return total;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention rule for {Table} failed; the other rules ran")]
    private partial void LogRuleFailed(Exception exception, string table);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: {Count} row(s) of {Table} deleted or cleared")]
    private partial void LogPruned(long count, string table);
}
