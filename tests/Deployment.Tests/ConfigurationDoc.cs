using System.Text.RegularExpressions;

namespace SocialCommerce.Deployment.Tests;

/// <summary>A documented variable: a pattern, because names like <c>Cors__Origins__0</c> stand for a family.</summary>
internal sealed record DocumentedVariable(string Section, string Name, Regex Pattern, bool Required);

/// <summary>
/// docs/configuration.md, the authoritative list of environment variables. A table row starting with
/// "| `Name`" documents Name under the current "## section"; "none (required)" as its default (last
/// cell) makes it required.
/// "Every service" applies to every deployable, but its required entries only to the services under
/// services/: the gateway, the web client and the sandbox payment provider have no database or broker of their own.
/// </summary>
internal static partial class ConfigurationDoc
{
    public const string EverySection = "Every service";

    public static IReadOnlyList<DocumentedVariable> Variables()
    {
        var variables = new List<DocumentedVariable>();
        var section = "";
        foreach (var line in File.ReadLines(Repository.PathOf("docs", "configuration.md")))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                section = line[3..].Trim();
            }
            else if (line.StartsWith("| `", StringComparison.Ordinal))
            {
                var cells = line.Split('|');
                var lastCell = cells.Skip(2).LastOrDefault(cell => !string.IsNullOrWhiteSpace(cell)) ?? "";
                var required = lastCell.Contains("required", StringComparison.OrdinalIgnoreCase);
                variables.AddRange(Backticked().Matches(cells[1]).Select(match =>
                    new DocumentedVariable(section, match.Groups[1].Value, ToPattern(match.Groups[1].Value), required)));
            }
        }

        return variables;
    }

    public static IReadOnlyList<DocumentedVariable> For(string deployable) =>
        Variables().Where(variable => variable.Section == deployable || variable.Section == EverySection).ToList();

    public static bool IsDocumented(string deployable, string name) =>
        For(deployable).Any(variable => variable.Pattern.IsMatch(name));

    public static IReadOnlyList<string> Required(string deployable) =>
        For(deployable)
            .Where(variable => variable.Required)
            .Where(variable => variable.Section == deployable || deployable is not (Repository.Gateway or Repository.SandboxProvider or Repository.Web))
            .Select(variable => variable.Name)
            .ToList();

    /// <summary>"&lt;service&gt;" placeholders match a name segment; a trailing "__0" matches any index.</summary>
    private static Regex ToPattern(string name)
    {
        var pattern = Placeholder().Replace(Regex.Escape(name), "[A-Za-z0-9-]+");
        pattern = TrailingIndex().Replace(pattern, @"__\d+");
        return new Regex($"^{pattern}$", RegexOptions.CultureInvariant);
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"__\d+$")]
    private static partial Regex TrailingIndex();
}
