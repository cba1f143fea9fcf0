using System.Text.Json;
using Dapper;
using Npgsql;

namespace SocialCommerce.Recommendation.Evaluation;

/// <summary>Evaluation reports as JSON rows; the admin endpoint reads the newest.</summary>
public static class EvaluationStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task SaveAsync(NpgsqlDataSource dataSource, EvaluationReport report)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("INSERT INTO evaluations (at, report) VALUES (@at, @report::jsonb)",
            new { at = report.At.UtcDateTime, report = JsonSerializer.Serialize(report, Json) });
    }

    public static async Task<EvaluationReport?> LatestAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var json = await connection.ExecuteScalarAsync<string?>("SELECT report::text FROM evaluations ORDER BY at DESC, id DESC LIMIT 1");
        return json is null ? null : JsonSerializer.Deserialize<EvaluationReport>(json, Json);
    }
}
