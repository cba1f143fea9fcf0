using System.Text.Json;
using System.Text.RegularExpressions;

namespace SocialCommerce.TestSupport;

/// <summary>
/// The metric names the repository's dashboards (deploy/grafana/dashboards), alerts and SLOs (deploy/prometheus) query,
/// so a test can look for each of them on the running services' /metrics pages.
/// </summary>
public static partial class PromQlNames
{
    /// <summary>
    /// The names a query reads: what is left of it once strings, label matchers, ranges, grouping clauses, function calls,
    /// keywords and numbers are taken out.
    /// </summary>
    public static IReadOnlySet<string> In(string expression)
    {
        var bare = Quoted().Replace(expression, "\"\"");
        bare = Braces().Replace(bare, " ");
        bare = Brackets().Replace(bare, " ");
        bare = Grouping().Replace(bare, " ");
        return Identifier().Matches(bare)
            .Where(match => !IsCall(bare, match.Index + match.Length) && !Keywords.Contains(match.Value))
            .Select(match => match.Value).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Every query of the dashboards and of the alert and recording rules, each with the file it is in.</summary>
    public static IReadOnlyList<(string File, string Expression)> RepositoryQueries(string root)
    {
        var queries = new List<(string, string)>();
        foreach (var file in Directory.GetFiles(Path.Combine(root, "deploy", "grafana", "dashboards"), "*.json"))
        {
            using var dashboard = JsonDocument.Parse(File.ReadAllText(file));
            queries.AddRange(Targets(dashboard.RootElement.GetProperty("panels")).Select(expression => (Path.GetFileName(file), expression)));
        }

        foreach (var file in new[] { "alerts.yml", "slos.yml" })
        {
            queries.AddRange(RuleExpressions(File.ReadAllLines(Path.Combine(root, "deploy", "prometheus", file))).Select(expression => (file, expression)));
        }

        return queries;
    }

    /// <summary>Names with a colon are recording rules' (slos.yml): made by Prometheus, not exported by a service.</summary>
    public static bool IsRecorded(string name) => name.Contains(':', StringComparison.Ordinal);

    private static List<string> Targets(JsonElement panels)
    {
        var expressions = new List<string>();
        foreach (var panel in panels.EnumerateArray())
        {
            if (panel.TryGetProperty("panels", out var nested)) expressions.AddRange(Targets(nested));
            if (!panel.TryGetProperty("targets", out var targets)) continue;
            expressions.AddRange(targets.EnumerateArray().Select(target => target.GetProperty("expr").GetString() ?? ""));
        }

        return expressions;
    }

    /// <summary>Each <c>expr:</c> of a rules file; a block scalar (<c>|</c>) is read to the end of its indentation.</summary>
    private static List<string> RuleExpressions(string[] lines)
    {
        var expressions = new List<string>();
        for (var n = 0; n < lines.Length; n++)
        {
            var match = ExprLine().Match(lines[n]);
            if (!match.Success) continue;
            var value = match.Groups[2].Value.Trim();
            if (value is not ("|" or ">" or "|-" or ">-"))
            {
                expressions.Add(value.Trim('"', '\''));
                continue;
            }

            var indent = match.Groups[1].Value.Length;
            var block = new List<string>();
            while (n + 1 < lines.Length && (lines[n + 1].Trim().Length == 0 || lines[n + 1].Length - lines[n + 1].TrimStart().Length > indent))
            {
                block.Add(lines[++n]);
            }

            expressions.Add(string.Join('\n', block));
        }

        return expressions;
    }

    private static bool IsCall(string text, int end)
    {
        while (end < text.Length && char.IsWhiteSpace(text[end])) end++;
        return end < text.Length && text[end] == '(';
    }

    private static readonly HashSet<string> Keywords = ["and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan"];

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Brackets();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"(?<![\w$.])[A-Za-z_:][A-Za-z0-9_:]*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^(\s*)(?:-\s*)?expr:\s*(.*)$")]
    private static partial Regex ExprLine();
}
