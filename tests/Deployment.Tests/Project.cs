using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace SocialCommerce.Deployment.Tests;

/// <summary>What a deployable's own project says: its assembly name and its Kestrel endpoints.</summary>
internal static partial class Project
{
    private static readonly JsonDocumentOptions JsonOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The csproj file name, unless the project overrides it with &lt;AssemblyName&gt;.</summary>
    public static string AssemblyName(string deployable)
    {
        var projects = Directory.GetFiles(Repository.ProjectDirectory(deployable), "*.csproj");
        if (projects.Length != 1)
        {
            throw new InvalidOperationException(
                $"Expected one project in {Repository.ProjectDirectory(deployable)}, found {projects.Length}.");
        }

        var declared = XDocument.Load(projects[0]).Descendants("AssemblyName").Select(e => e.Value.Trim()).FirstOrDefault();
        return string.IsNullOrEmpty(declared) ? Path.GetFileNameWithoutExtension(projects[0]) : declared;
    }

    /// <summary>
    /// Port of Kestrel:Endpoints:{endpoint}:Url in the deployable's appsettings.json, or null when it
    /// declares no such endpoint. Keys are matched case-insensitively, as configuration does.
    /// </summary>
    public static int? KestrelPort(string deployable, string endpoint)
    {
        var path = Path.Combine(Repository.ProjectDirectory(deployable), "appsettings.json");
        using var json = JsonDocument.Parse(File.ReadAllText(path), JsonOptions);
        var url = Property(Property(Property(Property(json.RootElement, "Kestrel"), "Endpoints"), endpoint), "Url");
        if (url is not { ValueKind: JsonValueKind.String } value)
        {
            return null;
        }

        var match = PortOfUrl().Match(value.GetString() ?? "");
        return match.Success
            ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"{path}: Kestrel:Endpoints:{endpoint}:Url has no explicit port.");
    }

    private static JsonElement? Property(JsonElement? element, string name)
    {
        if (element is not { ValueKind: JsonValueKind.Object } value)
        {
            return null;
        }

        foreach (var property in value.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    [GeneratedRegex(@":(\d+)/?$")]
    private static partial Regex PortOfUrl();
}
