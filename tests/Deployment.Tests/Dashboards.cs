using System.Text.Json;
using System.Text.RegularExpressions;

namespace SocialCommerce.Deployment.Tests;

/// <summary>A panel of a dashboard in deploy/grafana/dashboards, with what the checks need of it.</summary>
internal sealed record DashboardPanel(string Dashboard, string Title, JsonElement Json)
{
    public IEnumerable<JsonElement> Targets =>
        Json.TryGetProperty("targets", out var targets) ? targets.EnumerateArray() : [];

    public IEnumerable<string> LinkUrls =>
        Json.TryGetProperty("links", out var links) ? links.EnumerateArray().Select(link => link.GetProperty("url").GetString() ?? "") : [];
}

/// <summary>The dashboards as code (deploy/grafana/dashboards/*.json) and the PromQL they run.</summary>
internal static partial class Dashboards
{
    public static string Directory => Repository.PathOf("deploy", "grafana", "dashboards");

    public static IReadOnlyList<(string File, JsonElement Json)> All() =>
        System.IO.Directory.GetFiles(Directory, "*.json").Order(StringComparer.Ordinal)
            .Select(file => (Path.GetFileName(file), JsonDocument.Parse(File.ReadAllText(file)).RootElement)).ToList();

    /// <summary>Every panel but rows (which only group), nested ones included.</summary>
    public static IReadOnlyList<DashboardPanel> Panels() =>
        All().SelectMany(dashboard => PanelsOf(dashboard.File, dashboard.Json.GetProperty("panels"))).ToList();

    /// <summary>Each query as Prometheus would receive it, named by dashboard, panel and refId.</summary>
    public static IReadOnlyList<(string Name, string Expression)> Expressions() =>
        Panels().SelectMany(panel => panel.Targets.Select(target =>
            ($"{panel.Dashboard} / {panel.Title} / {target.GetProperty("refId").GetString()}", Substituted(target.GetProperty("expr").GetString() ?? ""))))
            .ToList();

    /// <summary>
    /// Grafana's variables replaced as Grafana would before sending the query: intervals by an interval, the others by the
    /// regular expression their "All" stands for.
    /// </summary>
    public static string Substituted(string expression) =>
        Variable().Replace(expression, match => match.Groups[1].Value.StartsWith("__", StringComparison.Ordinal) ? "5m" : ".*");

    private static IEnumerable<DashboardPanel> PanelsOf(string dashboard, JsonElement panels)
    {
        foreach (var panel in panels.EnumerateArray())
        {
            if (panel.GetProperty("type").GetString() == "row")
            {
                foreach (var nested in PanelsOf(dashboard, panel.GetProperty("panels"))) yield return nested;
                continue;
            }

            yield return new DashboardPanel(dashboard, panel.GetProperty("title").GetString() ?? "", panel);
        }
    }

    [GeneratedRegex(@"\$\{?(\w+)\}?")]
    private static partial Regex Variable();
}
