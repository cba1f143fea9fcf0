using System.Globalization;
using System.Text.Json;

namespace SocialCommerce.Deployment.Tests;

/// <summary>
/// The final stage of the repository's multi-stage Dockerfile: what every image exposes, runs and runs as.
/// Instructions before the last FROM belong to build stages and do not reach the image.
/// </summary>
internal sealed class Dockerfile
{
    private readonly List<(string Instruction, string Arguments)> finalStage = [];

    private Dockerfile(string text)
    {
        var joined = text.Replace("\\\r\n", " ", StringComparison.Ordinal).Replace("\\\n", " ", StringComparison.Ordinal);
        foreach (var raw in joined.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
            var instruction = parts[0].ToUpperInvariant();
            if (instruction == "FROM")
            {
                finalStage.Clear();
            }

            finalStage.Add((instruction, parts.Length > 1 ? parts[1].Trim() : ""));
        }
    }

    public static Dockerfile Root() => new(File.ReadAllText(Repository.PathOf(Repository.DockerfilePath)));

    public IReadOnlyList<int> ExposedPorts =>
        Arguments("EXPOSE")
            .SelectMany(arguments => arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(port => int.Parse(port.Split('/')[0], CultureInfo.InvariantCulture))
            .ToList();

    /// <summary>The exec-form (JSON array) ENTRYPOINT; shell form would not receive the "migrate" argument.</summary>
    public IReadOnlyList<string> Entrypoint =>
        Arguments("ENTRYPOINT").Select(json => JsonSerializer.Deserialize<string[]>(json) ?? []).LastOrDefault() ?? [];

    public string? User => Arguments("USER").LastOrDefault();

    /// <summary>The final stage's ENV assignments, as written (<c>NAME=value</c>).</summary>
    public IReadOnlyList<string> Environment => Arguments("ENV").ToList();

    /// <summary>The build arguments the final stage declares.</summary>
    public IReadOnlyList<string> BuildArguments => Arguments("ARG").ToList();

    private IEnumerable<string> Arguments(string instruction) =>
        finalStage.Where(entry => entry.Instruction == instruction).Select(entry => entry.Arguments);
}
