using System.Text.Encodings.Web;
using System.Text.Json;

namespace SocialCommerce.Deployment.Tests;

/// <summary>Prometheus' own checker, from Debian's prometheus package (the test infrastructure script installs it).</summary>
internal static class Promtool
{
    private static readonly JsonSerializerOptions Quoted = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static (int ExitCode, string Output) Run(string workingDirectory, params string[] arguments)
    {
        var (exitCode, output, errors) = ExternalProgram.Run("promtool", arguments, workingDirectory);
        return (exitCode, output + errors);
    }

    /// <summary>
    /// Parses PromQL expressions the way Prometheus loads rules: each becomes a recording rule of a scratch rules file that
    /// `promtool check rules` reads, so a syntax error, an unknown function or a type error fails it and names the rule.
    /// </summary>
    public static (int ExitCode, string Output) CheckExpressions(IReadOnlyList<(string Name, string Expression)> expressions)
    {
        var directory = Directory.CreateTempSubdirectory("promql-");
        try
        {
            var lines = new List<string> { "groups:", "  - name: expressions", "    rules:" };
            for (var n = 0; n < expressions.Count; n++)
            {
                lines.Add($"      # {expressions[n].Name.ReplaceLineEndings(" ")}");
                lines.Add($"      - record: expression:checked_{n}");
                // A JSON string is a YAML double-quoted scalar: every quote and backslash of the query survives.
                lines.Add($"        expr: {JsonSerializer.Serialize(expressions[n].Expression, Quoted)}");
            }

            File.WriteAllLines(Path.Combine(directory.FullName, "expressions.yml"), lines);
            return Run(directory.FullName, "check", "rules", "expressions.yml");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
