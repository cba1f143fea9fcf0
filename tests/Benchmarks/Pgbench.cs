using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace SocialCommerce.Benchmarks;

/// <summary>pgbench running one SQL script against a benchmark's database: the bare-database rate a path is compared with.</summary>
public static partial class Pgbench
{
    /// <returns>Transactions per second, without the initial connection time.</returns>
    public static async Task<double> TpsAsync(string connectionString, string sql, int clients, TimeSpan duration)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var script = Path.Combine(Path.GetTempPath(), $"pgbench-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(script, sql + "\n");
        try
        {
            var start = new ProcessStartInfo(PgbenchPath()) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "-n", "-c", $"{clients}", "-j", "2", "-T", $"{duration.TotalSeconds:0}", "-f", script,
                         "-h", connection.Host!, "-p", $"{connection.Port}", "-U", connection.Username ?? "postgres", connection.Database! })
            {
                start.ArgumentList.Add(arg);
            }

            if (connection.Password is { Length: > 0 } password) start.Environment["PGPASSWORD"] = password;
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var match = TpsLine().Match(await output);
            if (process.ExitCode != 0 || !match.Success) throw new InvalidOperationException($"pgbench failed: {error}{await output}");
            return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        finally
        {
            File.Delete(script);
        }
    }

    // pgbench ships with the server binaries, which Debian keeps off PATH (deploy/local/infra.sh looks there too).
    private static string PgbenchPath() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(dir => Path.Combine(dir, "bin", "pgbench"))
                .Where(File.Exists)
                .OrderByDescending(path => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(path))), out var major) ? major : 0)
                .FirstOrDefault() ?? "pgbench"
            : "pgbench";

    public static double Percentile(double[] values, double p)
    {
        if (values.Length == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
    }

    [GeneratedRegex(@"tps = ([0-9.]+)")]
    private static partial Regex TpsLine();
}
