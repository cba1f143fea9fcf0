using Dapper;
using Npgsql;

namespace SocialCommerce.Recommendation.Models;

/// <summary>The latest run of each model: when it finished, how long it took and on how many signals (the model-age metric reads it).</summary>
public static class ModelRuns
{
    public static Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string model, DateTimeOffset startedAt, TimeSpan took, int signals) =>
        connection.ExecuteAsync(
            """
            INSERT INTO model_runs (model, finished_at, seconds, signals) VALUES (@model, @finishedAt, @seconds, @signals)
            ON CONFLICT (model) DO UPDATE SET finished_at = excluded.finished_at, seconds = excluded.seconds, signals = excluded.signals
            """,
            new { model, finishedAt = (startedAt + took).UtcDateTime, seconds = took.TotalSeconds, signals }, transaction);

    public static async Task<IReadOnlyDictionary<string, (DateTimeOffset FinishedAt, double Seconds)>> LatestAsync(NpgsqlConnection connection)
    {
        var rows = await connection.QueryAsync<(string Model, DateTime FinishedAt, double Seconds)>("SELECT model, finished_at, seconds FROM model_runs");
        return rows.ToDictionary(row => row.Model, row => (new DateTimeOffset(row.FinishedAt, TimeSpan.Zero), row.Seconds));
    }
}
